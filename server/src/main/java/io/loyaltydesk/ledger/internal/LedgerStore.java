package io.loyaltydesk.ledger.internal;

import io.loyaltydesk.ledger.Adjustment;
import io.loyaltydesk.ledger.EntryCode;
import io.loyaltydesk.ledger.ExpiryPolicy;
import io.loyaltydesk.ledger.HistoryEntry;
import io.loyaltydesk.ledger.LedgerSettings;
import io.loyaltydesk.ledger.Lot;
import io.loyaltydesk.ledger.Reservation;
import io.loyaltydesk.platform.SqlArrays;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** The ledger's SQL. Callers hold the member's account lock (see {@link #lockMember}) before writing. */
@Repository
public class LedgerStore {

    public static final int STRIPES = 16;

    public enum Kind { AVAILABLE, PENDING, RESERVED, DEBT, ISSUED, REDEEMED, EXPIRED, ADJUSTMENTS }

    /** A member's accounts for one asset, locked for the rest of the transaction. */
    public record MemberAccounts(long memberId, String asset, Map<Kind, Long> ids, Map<Kind, Long> balances) {

        public long id(Kind kind) {
            return ids.get(kind);
        }

        public long balance(Kind kind) {
            return balances.get(kind);
        }
    }

    /** A transfer to write. */
    public record NewTransfer(String asset, long memberId, Long counterpartyId, long debitAccountId,
            long creditAccountId, long amount, EntryCode code, Long correctsId, String sourceType, String sourceId,
            Long ruleId, Integer ruleVersion, String explanation, String actor, Instant occurredAt) {
    }

    private final JdbcClient jdbc;
    private final Map<String, Long> programAccounts = new ConcurrentHashMap<>();

    LedgerStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Creates the member's accounts when missing and locks them, always in the same order. */
    public MemberAccounts lockMember(long memberId, String asset, Instant now) {
        return lockMembers(List.of(memberId), asset, now).get(memberId);
    }

    private static final List<Kind> MEMBER_KINDS = List.of(Kind.AVAILABLE, Kind.PENDING, Kind.RESERVED, Kind.DEBT);

    /**
     * {@link #lockMember} for many members in one statement (two more for members without accounts yet). The rows are
     * locked in the order of their ids, so two transactions locking overlapping sets of members wait instead of
     * deadlocking, and a transaction that locks one member waits for a batch or makes it wait, never both.
     */
    public Map<Long, MemberAccounts> lockMembers(java.util.Collection<Long> memberIds, String asset, Instant now) {
        var ids = memberIds.stream().distinct().toArray(Long[]::new);
        var rows = lockedRows(ids, asset);
        if (rows.size() < ids.length * MEMBER_KINDS.size()) {
            jdbc.sql("""
                    insert into ledger_accounts (asset, kind, member_id, created_at, updated_at)
                    select :asset, k.kind, m.id, :now, :now
                      from unnest(cast(:members as bigint[])) as m(id) cross join unnest(cast(:kinds as text[])) as k(kind)
                     order by m.id, k.kind
                    on conflict do nothing
                    """)
                    .param("asset", asset).param("members", ids)
                    .param("kinds", MEMBER_KINDS.stream().map(Kind::name).toArray(String[]::new))
                    .param("now", Timestamp.from(now)).update();
            rows = lockedRows(ids, asset);
        }
        var accounts = new java.util.HashMap<Long, MemberAccounts>();
        for (var row : rows) {
            var member = accounts.computeIfAbsent(row.memberId(), id -> new MemberAccounts(id, asset,
                    new EnumMap<>(Kind.class), new EnumMap<>(Kind.class)));
            member.ids().put(row.kind(), row.id());
            member.balances().put(row.kind(), row.balance());
        }
        return accounts;
    }

    private record AccountRow(long id, long memberId, Kind kind, long balance) {
    }

    private List<AccountRow> lockedRows(Long[] memberIds, String asset) {
        return jdbc.sql("""
                select id, member_id, kind, balance from ledger_accounts
                 where member_id = any(cast(:members as bigint[])) and asset = :asset
                 order by id for update
                """)
                .param("members", memberIds).param("asset", asset)
                .query((rs, n) -> new AccountRow(rs.getLong("id"), rs.getLong("member_id"),
                        Kind.valueOf(rs.getString("kind")), rs.getLong("balance")))
                .list();
    }

    /** The program account of a kind on the stripe this member uses. */
    public long programAccount(String asset, Kind kind, long memberId, Instant now) {
        int stripe = (int) Math.floorMod(memberId, STRIPES);
        var key = asset + '|' + kind + '|' + stripe;
        var cached = programAccounts.get(key);
        if (cached != null) {
            return cached;
        }
        jdbc.sql("""
                insert into ledger_accounts (asset, kind, stripe, created_at, updated_at)
                values (:asset, :kind, :stripe, :now, :now) on conflict do nothing
                """)
                .param("asset", asset).param("kind", kind.name()).param("stripe", stripe)
                .param("now", Timestamp.from(now)).update();
        long id = jdbc.sql("select id from ledger_accounts where member_id is null and asset = :asset "
                        + "and kind = :kind and stripe = :stripe")
                .param("asset", asset).param("kind", kind.name()).param("stripe", stripe)
                .query(Long.class).single();
        // remembered only once committed: a row created by a transaction that rolls back does not exist
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    programAccounts.put(key, id);
                }
            });
        } else {
            programAccounts.put(key, id);
        }
        return id;
    }

    /** Writes the transfer and moves the amount between the two stored balances. */
    public long transfer(NewTransfer t, Instant now) {
        long id = jdbc.sql("""
                insert into ledger_transfers (asset, member_id, counterparty_id, debit_account_id, credit_account_id,
                       amount, code, corrects_id, source_type, source_id, rule_id, rule_version, explanation, actor,
                       occurred_at, created_at)
                values (:asset, :member, :counterparty, :debit, :credit, :amount, :code, :corrects, :sourceType,
                        :sourceId, :ruleId, :ruleVersion, :explanation, :actor, :occurredAt, :now)
                returning id
                """)
                .param("asset", t.asset()).param("member", t.memberId()).param("counterparty", t.counterpartyId())
                .param("debit", t.debitAccountId()).param("credit", t.creditAccountId()).param("amount", t.amount())
                .param("code", t.code().name()).param("corrects", t.correctsId())
                .param("sourceType", t.sourceType()).param("sourceId", t.sourceId())
                .param("ruleId", t.ruleId()).param("ruleVersion", t.ruleVersion())
                .param("explanation", t.explanation()).param("actor", t.actor())
                .param("occurredAt", Timestamp.from(t.occurredAt())).param("now", Timestamp.from(now))
                .query(Long.class).single();
        move(t.debitAccountId(), -t.amount(), now);
        move(t.creditAccountId(), t.amount(), now);
        return id;
    }

    /** A lot to create for the transfer at the same position. */
    public record NewLot(long amount, Instant availableAt, Instant expiresAt, boolean matured) {
    }

    /**
     * Writes transfers (of one member or of many), a lot for each (same position in {@code lots}, of the transfer's
     * member) and the balance changes they make, in two statements whatever their number. Returns the transfer ids in
     * the order given.
     */
    public long[] transfersWithLots(List<NewTransfer> transfers, List<NewLot> lots, String asset, Instant now) {
        int n = transfers.size();
        var assets = new String[n];
        var members = new Long[n];
        var counterparties = new Long[n];
        var debits = new Long[n];
        var credits = new Long[n];
        var amounts = new Long[n];
        var codes = new String[n];
        var corrects = new Long[n];
        var sourceTypes = new String[n];
        var sourceIds = new String[n];
        var ruleIds = new Long[n];
        var ruleVersions = new Long[n];
        var explanations = new String[n];
        var actors = new String[n];
        var occurredAt = new Long[n];
        var deltas = new java.util.LinkedHashMap<Long, Long>();
        for (int i = 0; i < n; i++) {
            var t = transfers.get(i);
            assets[i] = t.asset();
            members[i] = t.memberId();
            counterparties[i] = t.counterpartyId();
            debits[i] = t.debitAccountId();
            credits[i] = t.creditAccountId();
            amounts[i] = t.amount();
            codes[i] = t.code().name();
            corrects[i] = t.correctsId();
            sourceTypes[i] = t.sourceType();
            sourceIds[i] = t.sourceId();
            ruleIds[i] = t.ruleId();
            ruleVersions[i] = t.ruleVersion() == null ? null : t.ruleVersion().longValue();
            explanations[i] = t.explanation();
            actors[i] = t.actor();
            occurredAt[i] = SqlArrays.micros(t.occurredAt());
            deltas.merge(t.debitAccountId(), -t.amount(), Long::sum);
            deltas.merge(t.creditAccountId(), t.amount(), Long::sum);
        }
        // ids come from the sequence in the order the rows are inserted, which is the order of the select
        var ids = jdbc.sql("""
                insert into ledger_transfers (asset, member_id, counterparty_id, debit_account_id, credit_account_id,
                       amount, code, corrects_id, source_type, source_id, rule_id, rule_version, explanation, actor,
                       occurred_at, created_at)
                select t.asset, t.member_id, t.counterparty_id, t.debit, t.credit, t.amount, t.code, t.corrects,
                       t.source_type, t.source_id, t.rule_id, t.rule_version, t.explanation, t.actor,
                       timestamptz 'epoch' + t.occurred_at * interval '1 microsecond', :now
                  from unnest(cast(:assets as text[]), cast(:members as bigint[]), cast(:counterparties as bigint[]),
                              cast(:debits as bigint[]), cast(:credits as bigint[]), cast(:amounts as bigint[]),
                              cast(:codes as text[]), cast(:corrects as bigint[]), cast(:sourceTypes as text[]),
                              cast(:sourceIds as text[]), cast(:ruleIds as bigint[]), cast(:ruleVersions as bigint[]),
                              cast(:explanations as text[]), cast(:actors as text[]), cast(:occurredAt as bigint[]))
                       with ordinality as t(asset, member_id, counterparty_id, debit, credit, amount, code, corrects,
                                            source_type, source_id, rule_id, rule_version, explanation, actor,
                                            occurred_at, position)
                 order by t.position
                returning id
                """)
                .param("assets", assets).param("members", members).param("counterparties", counterparties)
                .param("debits", debits).param("credits", credits).param("amounts", amounts).param("codes", codes)
                .param("corrects", corrects).param("sourceTypes", sourceTypes).param("sourceIds", sourceIds)
                .param("ruleIds", ruleIds).param("ruleVersions", ruleVersions).param("explanations", explanations)
                .param("actors", actors).param("occurredAt", occurredAt).param("now", Timestamp.from(now))
                .query(Long.class).list().stream().mapToLong(Long::longValue).sorted().toArray();
        if (ids.length != n) {
            throw new IllegalStateException("wrote " + ids.length + " of " + n + " transfers");
        }
        var lotTransfers = new Long[n];
        var lotMembers = new Long[n];
        var lotAmounts = new Long[n];
        var lotAvailable = new Long[n];
        var lotExpires = new Long[n];
        var lotMatured = new Long[n];
        for (int i = 0; i < n; i++) {
            var lot = lots.get(i);
            lotTransfers[i] = ids[i];
            lotMembers[i] = transfers.get(i).memberId();
            lotAmounts[i] = lot.amount();
            lotAvailable[i] = SqlArrays.micros(lot.availableAt());
            lotExpires[i] = lot.expiresAt() == null ? null : SqlArrays.micros(lot.expiresAt());
            lotMatured[i] = lot.matured() ? 1L : 0L;
        }
        // the members' accounts are locked already; of the program's accounts an earn touches one stripe per member
        jdbc.sql("""
                with lots as (
                    insert into ledger_lots (member_id, asset, transfer_id, amount, remaining, available_at, expires_at,
                                             matured, created_at)
                    select l.member, :asset, l.transfer, l.amount, l.amount,
                           timestamptz 'epoch' + l.available * interval '1 microsecond',
                           timestamptz 'epoch' + l.expires * interval '1 microsecond', l.matured = 1, :now
                      from unnest(cast(:lotMembers as bigint[]), cast(:lotTransfers as bigint[]),
                                  cast(:lotAmounts as bigint[]), cast(:lotAvailable as bigint[]),
                                  cast(:lotExpires as bigint[]), cast(:lotMatured as bigint[]))
                           as l(member, transfer, amount, available, expires, matured)
                )
                update ledger_accounts a set balance = a.balance + d.delta, updated_at = :now
                  from unnest(cast(:accounts as bigint[]), cast(:deltas as bigint[])) as d(id, delta)
                 where a.id = d.id
                """)
                .param("lotMembers", lotMembers).param("asset", asset).param("lotTransfers", lotTransfers)
                .param("lotAmounts", lotAmounts).param("lotAvailable", lotAvailable).param("lotExpires", lotExpires)
                .param("lotMatured", lotMatured).param("accounts", deltas.keySet().toArray(Long[]::new))
                .param("deltas", deltas.values().toArray(Long[]::new)).param("now", Timestamp.from(now))
                .update();
        return ids;
    }


    private void move(long accountId, long delta, Instant now) {
        jdbc.sql("update ledger_accounts set balance = balance + :delta, updated_at = :now where id = :id")
                .param("delta", delta).param("now", Timestamp.from(now)).param("id", accountId).update();
    }

    public long addLot(long memberId, String asset, long transferId, long amount, Instant availableAt,
            Instant expiresAt, boolean matured, Instant now) {
        return jdbc.sql("""
                insert into ledger_lots (member_id, asset, transfer_id, amount, remaining, available_at, expires_at,
                                         matured, created_at)
                values (:member, :asset, :transfer, :amount, :amount, :availableAt, :expiresAt, :matured, :now)
                returning id
                """)
                .param("member", memberId).param("asset", asset).param("transfer", transferId).param("amount", amount)
                .param("availableAt", Timestamp.from(availableAt))
                .param("expiresAt", expiresAt == null ? null : Timestamp.from(expiresAt))
                .param("matured", matured).param("now", Timestamp.from(now))
                .query(Long.class).single();
    }

    /** The member's matured lots with points left, closest to expiry first (never-expiring last). */
    public List<Lot> spendableLots(long memberId, String asset) {
        return jdbc.sql("""
                select * from ledger_lots where member_id = :member and asset = :asset and remaining > 0 and matured
                 order by expires_at nulls last, id
                """)
                .param("member", memberId).param("asset", asset).query(LedgerStore::lot).list();
    }

    public List<Lot> lots(long memberId, String asset, boolean openOnly) {
        return jdbc.sql("select * from ledger_lots where member_id = :member and asset = :asset"
                        + (openOnly ? " and remaining > 0" : "") + " order by expires_at nulls last, id")
                .param("member", memberId).param("asset", asset).query(LedgerStore::lot).list();
    }

    /** Lots created by the transfers of one source (a purchase), pending ones first. */
    public List<Lot> lotsOfSource(long memberId, String asset, String sourceType, String sourceId) {
        return jdbc.sql("""
                select l.* from ledger_lots l join ledger_transfers t on t.id = l.transfer_id
                 where l.member_id = :member and l.asset = :asset and t.source_type = :type and t.source_id = :id
                   and t.code = 'EARN' and l.remaining > 0
                 order by l.matured, l.id
                """)
                .param("member", memberId).param("asset", asset).param("type", sourceType).param("id", sourceId)
                .query(LedgerStore::lot).list();
    }

    /** Whether the member already has a transfer of this code from this source. */
    public boolean hasTransfer(long memberId, String asset, EntryCode code, String sourceType, String sourceId) {
        return jdbc.sql("""
                select exists(select 1 from ledger_transfers where member_id = :member and asset = :asset
                                 and code = :code and source_type = :type and source_id = :id)
                """)
                .param("member", memberId).param("asset", asset).param("code", code.name())
                .param("type", sourceType).param("id", sourceId)
                .query(Boolean.class).single();
    }

    /** What a source earned the member minus what reversals already took back for it. */
    public long notYetReversed(long memberId, String asset, String sourceType, String sourceId) {
        return jdbc.sql("""
                select coalesce(sum(case code when 'EARN' then amount else -amount end), 0) from ledger_transfers
                 where member_id = :member and asset = :asset and source_type = :type and source_id = :id
                   and code in ('EARN','REVERSE')
                """)
                .param("member", memberId).param("asset", asset).param("type", sourceType).param("id", sourceId)
                .query(Long.class).single();
    }

    /** The business time of a transfer (for a lot: when its points were earned or received). */
    public Instant occurredAt(long transferId) {
        return jdbc.sql("select occurred_at from ledger_transfers where id = :id").param("id", transferId)
                .query(Timestamp.class).single().toInstant();
    }

    public Optional<Lot> lot(long lotId) {
        return jdbc.sql("select * from ledger_lots where id = :id").param("id", lotId).query(LedgerStore::lot)
                .optional();
    }

    /** Takes {@code amount} from a lot (negative puts it back) and records the draw on the transfer. */
    public void draw(long transferId, long lotId, long memberId, long amount, Instant now) {
        jdbc.sql("update ledger_lots set remaining = remaining - :amount where id = :id")
                .param("amount", amount).param("id", lotId).update();
        jdbc.sql("""
                insert into ledger_lot_draws (transfer_id, lot_id, member_id, amount, created_at)
                values (:transfer, :lot, :member, :amount, :now)
                on conflict (transfer_id, lot_id) do update set amount = ledger_lot_draws.amount + excluded.amount
                """)
                .param("transfer", transferId).param("lot", lotId).param("member", memberId).param("amount", amount)
                .param("now", Timestamp.from(now)).update();
    }

    /** What a transfer drew from each lot: lot id to amount. */
    public Map<Long, Long> drawsOf(long transferId) {
        var draws = new java.util.LinkedHashMap<Long, Long>();
        jdbc.sql("select lot_id, amount from ledger_lot_draws where transfer_id = :t order by lot_id")
                .param("t", transferId)
                .query(rs -> {
                    draws.put(rs.getLong("lot_id"), rs.getLong("amount"));
                });
        return draws;
    }

    public void markMatured(long lotId) {
        jdbc.sql("update ledger_lots set matured = true where id = :id").param("id", lotId).update();
    }

    /** Members with lots whose return window has passed, at most {@code limit}. */
    public List<Long> membersWithLotsToMature(String asset, Instant now, int limit) {
        return jdbc.sql("""
                select distinct member_id from (
                    select member_id from ledger_lots
                     where not matured and remaining > 0 and asset = :asset and available_at <= :now
                     order by available_at limit :limit) due
                """)
                .param("asset", asset).param("now", Timestamp.from(now)).param("limit", limit)
                .query(Long.class).list();
    }

    public List<Lot> lotsToMature(long memberId, String asset, Instant now) {
        return jdbc.sql("""
                select * from ledger_lots where member_id = :member and asset = :asset and not matured
                   and remaining > 0 and available_at <= :now order by id
                """)
                .param("member", memberId).param("asset", asset).param("now", Timestamp.from(now))
                .query(LedgerStore::lot).list();
    }

    /** Members with matured lots past their expiry that still hold points, at most {@code limit}. */
    public List<Long> membersWithLotsToExpire(String asset, Instant now, int limit) {
        return jdbc.sql("""
                select distinct member_id from (
                    select member_id from ledger_lots
                     where matured and remaining > 0 and asset = :asset and expires_at <= :now
                     order by expires_at limit :limit) due
                """)
                .param("asset", asset).param("now", Timestamp.from(now)).param("limit", limit)
                .query(Long.class).list();
    }

    public List<Lot> lotsToExpire(long memberId, String asset, Instant now) {
        return jdbc.sql("""
                select * from ledger_lots where member_id = :member and asset = :asset and matured
                   and remaining > 0 and expires_at <= :now order by expires_at, id
                """)
                .param("member", memberId).param("asset", asset).param("now", Timestamp.from(now))
                .query(LedgerStore::lot).list();
    }

    // reservations

    public long insertReservation(long memberId, String asset, long amount, String reference, Instant expiresAt,
            long reserveTransferId, String createdBy, Instant now) {
        return jdbc.sql("""
                insert into ledger_reservations (member_id, asset, amount, reference, status, expires_at,
                       reserve_transfer_id, created_by, created_at, updated_at)
                values (:member, :asset, :amount, :reference, 'RESERVED', :expiresAt, :transfer, :by, :now, :now)
                returning id
                """)
                .param("member", memberId).param("asset", asset).param("amount", amount).param("reference", reference)
                .param("expiresAt", Timestamp.from(expiresAt)).param("transfer", reserveTransferId)
                .param("by", createdBy).param("now", Timestamp.from(now))
                .query(Long.class).single();
    }

    public Optional<Long> reservationMember(long reservationId) {
        return jdbc.sql("select member_id from ledger_reservations where id = :id").param("id", reservationId)
                .query(Long.class).optional();
    }

    public Optional<StoredReservation> reservation(long reservationId) {
        return jdbc.sql("select * from ledger_reservations where id = :id").param("id", reservationId)
                .query((rs, n) -> new StoredReservation(reservationView(rs), rs.getString("asset"),
                        rs.getLong("reserve_transfer_id")))
                .optional();
    }

    /** A reservation with what the ledger needs to settle it. */
    public record StoredReservation(Reservation view, String asset, long reserveTransferId) {
    }

    public void settleReservation(long reservationId, Reservation.Status status, long settleTransferId, Instant now) {
        jdbc.sql("""
                update ledger_reservations set status = :status, settle_transfer_id = :transfer, updated_at = :now
                 where id = :id
                """)
                .param("status", status.name()).param("transfer", settleTransferId).param("now", Timestamp.from(now))
                .param("id", reservationId).update();
    }

    public List<Long> expiredReservations(Instant now, int limit) {
        return jdbc.sql("""
                select id from ledger_reservations where status = 'RESERVED' and expires_at <= :now
                 order by expires_at limit :limit
                """)
                .param("now", Timestamp.from(now)).param("limit", limit).query(Long.class).list();
    }

    public List<Reservation> reservations(long memberId, boolean openOnly, int limit) {
        return jdbc.sql("select * from ledger_reservations where member_id = :member"
                        + (openOnly ? " and status = 'RESERVED'" : "") + " order by id desc limit :limit")
                .param("member", memberId).param("limit", limit)
                .query((rs, n) -> reservationView(rs)).list();
    }

    private static Reservation reservationView(ResultSet rs) throws SQLException {
        return new Reservation(rs.getLong("id"), rs.getLong("member_id"), rs.getLong("amount"),
                rs.getString("reference"), Reservation.Status.valueOf(rs.getString("status")),
                rs.getTimestamp("expires_at").toInstant(), rs.getTimestamp("created_at").toInstant());
    }

    // adjustments

    public long insertAdjustment(long memberId, String asset, long amount, String reason, String comment,
            String sourceType, String sourceId, Adjustment.Status status, String requestedBy, Instant now) {
        return jdbc.sql("""
                insert into ledger_adjustments (member_id, asset, amount, reason, comment, source_type, source_id,
                       status, requested_by, created_at)
                values (:member, :asset, :amount, :reason, :comment, :sourceType, :sourceId, :status, :by, :now)
                returning id
                """)
                .param("member", memberId).param("asset", asset).param("amount", amount).param("reason", reason)
                .param("comment", comment).param("sourceType", sourceType).param("sourceId", sourceId)
                .param("status", status.name()).param("by", requestedBy).param("now", Timestamp.from(now))
                .query(Long.class).single();
    }

    public void decideAdjustment(long id, Adjustment.Status status, String decidedBy, Long transferId, Instant now) {
        jdbc.sql("""
                update ledger_adjustments set status = :status, decided_by = :by, decided_at = :now,
                       transfer_id = coalesce(:transfer, transfer_id)
                 where id = :id
                """)
                .param("status", status.name()).param("by", decidedBy).param("now", Timestamp.from(now))
                .param("transfer", transferId).param("id", id).update();
    }

    public void linkAdjustment(long id, long transferId) {
        jdbc.sql("update ledger_adjustments set transfer_id = :transfer where id = :id")
                .param("transfer", transferId).param("id", id).update();
    }

    public Optional<Adjustment> adjustment(long id) {
        return jdbc.sql("select * from ledger_adjustments where id = :id").param("id", id)
                .query(LedgerStore::adjustment).optional();
    }

    public List<Adjustment> adjustments(Long memberId, Adjustment.Status status, int limit) {
        return jdbc.sql("select * from ledger_adjustments where (cast(:member as bigint) is null or member_id = :member)"
                        + " and (cast(:status as text) is null or status = :status) order by id desc limit :limit")
                .param("member", memberId).param("status", status == null ? null : status.name())
                .param("limit", limit).query(LedgerStore::adjustment).list();
    }

    private static Adjustment adjustment(ResultSet rs, int n) throws SQLException {
        var decidedAt = rs.getTimestamp("decided_at");
        var transfer = rs.getLong("transfer_id");
        return new Adjustment(rs.getLong("id"), rs.getLong("member_id"), rs.getLong("amount"), rs.getString("reason"),
                rs.getString("comment"), Adjustment.Status.valueOf(rs.getString("status")),
                rs.getString("requested_by"), rs.getString("decided_by"),
                decidedAt == null ? null : decidedAt.toInstant(), rs.wasNull() ? null : transfer,
                rs.getTimestamp("created_at").toInstant());
    }

    // reads

    /** The member's balances without locking: kind to balance. */
    public Map<Kind, Long> balances(long memberId, String asset) {
        var balances = new EnumMap<Kind, Long>(Kind.class);
        for (var kind : List.of(Kind.AVAILABLE, Kind.PENDING, Kind.RESERVED, Kind.DEBT)) {
            balances.put(kind, 0L);
        }
        jdbc.sql("select kind, balance from ledger_accounts where member_id = :member and asset = :asset")
                .param("member", memberId).param("asset", asset)
                .query(rs -> {
                    balances.put(Kind.valueOf(rs.getString("kind")), rs.getLong("balance"));
                });
        return balances;
    }

    /** What a balance view shows, read in one query; {@code hasAccounts} is false for a member who never had points. */
    public record BalanceRows(boolean hasAccounts, Map<Kind, Long> balances, Map<EntryCode, Long> lifetime,
            List<Lot> openLots) {
    }

    /**
     * The member's balances, lifetime totals ({@link #lifetime}) and open lots ({@link #lots} with openOnly), in one
     * round trip: three indexed reads joined by union all, told apart by their first column.
     */
    public BalanceRows balanceRows(long memberId, String asset) {
        var balances = new EnumMap<Kind, Long>(Kind.class);
        for (var kind : List.of(Kind.AVAILABLE, Kind.PENDING, Kind.RESERVED, Kind.DEBT)) {
            balances.put(kind, 0L);
        }
        var lifetime = new EnumMap<EntryCode, Long>(EntryCode.class);
        var lots = new java.util.ArrayList<Lot>();
        var accounts = new boolean[1];
        jdbc.sql("""
                select * from (
                    select 1 as part, kind as name, balance as amount, null::bigint as id, null::bigint as transfer_id,
                           null::bigint as remaining, null::timestamptz as available_at,
                           null::timestamptz as expires_at, null::boolean as matured
                      from ledger_accounts where member_id = :member and asset = :asset
                    union all
                    select 2, code, sum(amount), null, null, null, null, null, null from ledger_transfers
                     where member_id = :member and asset = :asset and code in ('EARN','REDEEM','EXPIRE','REFUND')
                     group by code
                    union all
                    select 3, null, amount, id, transfer_id, remaining, available_at, expires_at, matured
                      from ledger_lots where member_id = :member and asset = :asset and remaining > 0
                ) rows
                 order by part, expires_at nulls last, id
                """)
                .param("member", memberId).param("asset", asset)
                .query(rs -> {
                    switch (rs.getInt("part")) {
                        case 1 -> {
                            accounts[0] = true;
                            balances.put(Kind.valueOf(rs.getString("name")), rs.getLong("amount"));
                        }
                        case 2 -> lifetime.put(EntryCode.valueOf(rs.getString("name")), rs.getLong("amount"));
                        default -> {
                            var expires = rs.getTimestamp("expires_at");
                            lots.add(new Lot(rs.getLong("id"), rs.getLong("transfer_id"), rs.getLong("amount"),
                                    rs.getLong("remaining"), rs.getTimestamp("available_at").toInstant(),
                                    expires == null ? null : expires.toInstant(), rs.getBoolean("matured")));
                        }
                    }
                });
        return new BalanceRows(accounts[0], balances, lifetime, lots);
    }

    /** Lifetime totals by code, from the member's side. */
    public Map<EntryCode, Long> lifetime(long memberId, String asset) {
        var totals = new EnumMap<EntryCode, Long>(EntryCode.class);
        jdbc.sql("""
                select code, sum(amount) as total from ledger_transfers
                 where member_id = :member and asset = :asset and code in ('EARN','REDEEM','EXPIRE','REFUND')
                 group by code
                """)
                .param("member", memberId).param("asset", asset)
                .query(rs -> {
                    totals.put(EntryCode.valueOf(rs.getString("code")), rs.getLong("total"));
                });
        return totals;
    }

    /** The member's history, newest first, keyset paginated on the transfer id; fetches limit + 1. */
    public List<HistoryEntry> history(long memberId, String asset, Long beforeId, boolean internalToo, int limit) {
        return jdbc.sql("""
                select t.*, d.member_id as debit_member, c.member_id as credit_member, c.kind as credit_kind,
                       (select min(l.available_at) from ledger_lots l
                         where l.transfer_id = t.id and not l.matured and l.remaining > 0) as pending_until
                  from ledger_transfers t
                  join ledger_accounts d on d.id = t.debit_account_id
                  join ledger_accounts c on c.id = t.credit_account_id
                 where (t.member_id = :member or t.counterparty_id = :member) and t.asset = :asset
                   and (cast(:before as bigint) is null or t.id < :before)
                """ + (internalToo ? "" : " and t.code not in ('MATURE','RESERVE','RELEASE','RECOVER')") + """
                 order by t.id desc limit :limit
                """)
                .param("member", memberId).param("asset", asset).param("before", beforeId).param("limit", limit + 1)
                .query((rs, n) -> {
                    long amount = rs.getLong("amount");
                    long debitMember = rs.getLong("debit_member");
                    boolean debitIsMember = !rs.wasNull() && debitMember == memberId;
                    long creditMember = rs.getLong("credit_member");
                    boolean creditIsMember = !rs.wasNull() && creditMember == memberId;
                    // a move between the member's own accounts counts by what it does to the available points
                    boolean negative = debitIsMember && creditIsMember
                            ? !"AVAILABLE".equals(rs.getString("credit_kind"))
                            : debitIsMember;
                    var pendingUntil = rs.getTimestamp("pending_until");
                    long ruleId = rs.getLong("rule_id");
                    boolean noRule = rs.wasNull();
                    int ruleVersion = rs.getInt("rule_version");
                    long corrects = rs.getLong("corrects_id");
                    boolean noCorrects = rs.wasNull();
                    return new HistoryEntry(rs.getLong("id"), EntryCode.valueOf(rs.getString("code")),
                            negative ? -amount : amount, rs.getString("explanation"),
                            rs.getTimestamp("occurred_at").toInstant(), rs.getTimestamp("created_at").toInstant(),
                            rs.getString("source_type"), rs.getString("source_id"), noRule ? null : ruleId,
                            noRule ? null : ruleVersion, rs.getString("actor"), noCorrects ? null : corrects,
                            pendingUntil == null ? null : pendingUntil.toInstant());
                })
                .list();
    }

    // settings

    /**
     * The settings, read at most every {@link #SETTINGS_FRESH} on each node: every purchase needs them and they
     * change a few times a year. A change on this node is seen at once; other nodes see it within seconds.
     */
    public LedgerSettings settings() {
        var cached = settingsCache;
        if (cached != null && cached.readAt().plus(SETTINGS_FRESH).isAfter(Instant.now())) {
            return cached.settings();
        }
        var settings = readSettings();
        settingsCache = new CachedSettings(settings, Instant.now());
        return settings;
    }

    private static final java.time.Duration SETTINGS_FRESH = java.time.Duration.ofSeconds(5);

    private record CachedSettings(LedgerSettings settings, Instant readAt) {
    }

    private volatile CachedSettings settingsCache;

    private LedgerSettings readSettings() {
        return jdbc.sql("select * from ledger_settings where id = 1")
                .query((rs, n) -> new LedgerSettings(rs.getInt("pending_days"),
                        ExpiryPolicy.valueOf(rs.getString("expiry_policy")), rs.getInt("expiry_months"),
                        rs.getBigDecimal("point_value_minor"), rs.getString("currency"),
                        rs.getBoolean("allow_negative_balance"), rs.getBoolean("member_transfers_enabled"),
                        rs.getLong("adjustment_approval_limit"), rs.getInt("reservation_timeout_minutes")))
                .single();
    }

    public void saveSettings(LedgerSettings s, Instant now) {
        settingsCache = null;
        // a read later in this transaction would cache what a rollback may undo: forget it again at the end
        if (org.springframework.transaction.support.TransactionSynchronizationManager.isSynchronizationActive()) {
            org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
                    new org.springframework.transaction.support.TransactionSynchronization() {
                        @Override
                        public void afterCompletion(int status) {
                            settingsCache = null;
                        }
                    });
        }
        jdbc.sql("""
                update ledger_settings set pending_days = :pendingDays, expiry_policy = :policy,
                       expiry_months = :months, point_value_minor = :pointValue, currency = :currency,
                       allow_negative_balance = :negative, member_transfers_enabled = :transfers,
                       adjustment_approval_limit = :limit, reservation_timeout_minutes = :timeout, updated_at = :now
                 where id = 1
                """)
                .param("pendingDays", s.pendingDays()).param("policy", s.expiryPolicy().name())
                .param("months", s.expiryMonths()).param("pointValue", s.pointValueMinor())
                .param("currency", s.currency()).param("negative", s.allowNegativeBalance())
                .param("transfers", s.memberTransfersEnabled()).param("limit", s.adjustmentApprovalLimit())
                .param("timeout", s.reservationTimeoutMinutes()).param("now", Timestamp.from(now))
                .update();
    }

    private static Lot lot(ResultSet rs, int n) throws SQLException {
        var expires = rs.getTimestamp("expires_at");
        return new Lot(rs.getLong("id"), rs.getLong("transfer_id"), rs.getLong("amount"), rs.getLong("remaining"),
                rs.getTimestamp("available_at").toInstant(), expires == null ? null : expires.toInstant(),
                rs.getBoolean("matured"));
    }
}
