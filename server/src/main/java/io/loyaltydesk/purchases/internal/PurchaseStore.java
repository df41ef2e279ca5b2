package io.loyaltydesk.purchases.internal;

import io.loyaltydesk.platform.SqlArrays;
import io.loyaltydesk.purchases.PurchaseReceipt;
import io.loyaltydesk.purchases.PurchaseSummary;
import io.loyaltydesk.rules.Award;
import io.loyaltydesk.rules.MemberFacts;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL of the purchases module. */
@Repository
public class PurchaseStore {

    private final JdbcClient jdbc;

    /** Any fixed numbers: the keys of the advisory locks that queue batches (see {@link #queueBatch()}). */
    private static final long BATCH_LOCK = 0x4c445f4241544348L;
    private static final long FOLLOW_UP_LOCK = 0x4c445f464f4c4c4fL;

    /**
     * Makes concurrent batches run one after the other, until the end of the calling transaction. Batches touch
     * the program's shared accounts, so two at once could deadlock on them; queued, each still writes its
     * purchases in one transaction. Single purchases are not queued.
     */
    public void queueBatch() {
        advisoryLock(BATCH_LOCK);
    }

    /**
     * Makes the follow-ups of batches run one after the other (see {@link #queueBatch()}), on a queue of their
     * own: a batch's intake need not wait for the follow-ups of the batches before it.
     */
    public void queueFollowUps() {
        advisoryLock(FOLLOW_UP_LOCK);
    }

    private void advisoryLock(long key) {
        jdbc.sql("select pg_advisory_xact_lock(:key)").param("key", key).query(Object.class).single();
    }

    PurchaseStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A stored purchase with what the module needs to answer and to reverse. */
    public record Stored(long id, String source, String externalId, Long memberId, String storeCode, String channel,
            Instant occurredAt, String currency, BigDecimal totalAmount, BigDecimal returnedAmount, String linesJson,
            byte[] requestHash, String responseJson, long pointsEarned, long pointsReversed) {
    }

    public record NewPurchase(String source, String externalId, Long memberId, String identifiedBy, String storeCode,
            String channel, Instant occurredAt, String currency, BigDecimal totalAmount, String linesJson,
            byte[] requestHash) {
    }

    /** Inserts the purchase unless (source, externalId) exists; empty when it did. */
    public Optional<Long> insert(NewPurchase p, Instant now) {
        return Optional.ofNullable(insertAll(p.source(), List.of(p), now).get(p.externalId()));
    }

    /**
     * {@link #insert} for many purchases of one source in one statement; answers the ids of those inserted by their
     * receipt number (the others were recorded before). The receipt numbers must be distinct.
     */
    public Map<String, Long> insertAll(String source, List<NewPurchase> purchases, Instant now) {
        int n = purchases.size();
        var externalIds = new String[n];
        var memberIds = new Long[n];
        var identifiedBy = new String[n];
        var storeCodes = new String[n];
        var channels = new String[n];
        var occurredAt = new Long[n];
        var currencies = new String[n];
        var totals = new String[n];
        var lines = new String[n];
        var hashes = new String[n];
        for (int i = 0; i < n; i++) {
            var p = purchases.get(i);
            externalIds[i] = p.externalId();
            memberIds[i] = p.memberId();
            identifiedBy[i] = p.identifiedBy();
            storeCodes[i] = p.storeCode();
            channels[i] = p.channel();
            occurredAt[i] = SqlArrays.micros(p.occurredAt());
            currencies[i] = p.currency();
            totals[i] = p.totalAmount().toPlainString();
            lines[i] = p.linesJson();
            hashes[i] = HexFormat.of().formatHex(p.requestHash());
        }
        var ids = new HashMap<String, Long>();
        jdbc.sql("""
                insert into purchases (source, external_id, member_id, identified_by, store_code, channel, occurred_at,
                       currency, total_amount, lines, request_hash, assigned_at, created_at)
                select :source, p.external_id, p.member_id, p.identified_by, p.store_code, p.channel, %s, p.currency,
                       cast(p.total as numeric), cast(p.lines as jsonb), decode(p.hash, 'hex'),
                       case when p.member_id is null then null else cast(:now as timestamptz) end, :now
                  from unnest(cast(:externalIds as text[]), cast(:memberIds as bigint[]), cast(:identifiedBy as text[]),
                              cast(:storeCodes as text[]), cast(:channels as text[]), cast(:occurredAt as bigint[]),
                              cast(:currencies as text[]), cast(:totals as text[]), cast(:lines as text[]),
                              cast(:hashes as text[]))
                       with ordinality as p(external_id, member_id, identified_by, store_code, channel, occurred_at,
                                            currency, total, lines, hash, position)
                 order by p.position
                on conflict (source, external_id) do nothing
                returning id, external_id
                """.formatted(SqlArrays.TIMESTAMP.formatted("p.occurred_at")))
                .param("source", source).param("externalIds", externalIds).param("memberIds", memberIds)
                .param("identifiedBy", identifiedBy).param("storeCodes", storeCodes).param("channels", channels)
                .param("occurredAt", occurredAt).param("currencies", currencies).param("totals", totals)
                .param("lines", lines).param("hashes", hashes).param("now", Timestamp.from(now))
                .query(rs -> {
                    ids.put(rs.getString("external_id"), rs.getLong("id"));
                });
        return ids;
    }

    /** The purchases of a source with these receipt numbers, by receipt number. */
    public Map<String, Stored> findAll(String source, List<String> externalIds) {
        var found = new HashMap<String, Stored>();
        if (externalIds.isEmpty()) {
            return found;
        }
        jdbc.sql("select * from purchases where source = :source and external_id = any(cast(:externalIds as text[]))")
                .param("source", source).param("externalIds", externalIds.toArray(String[]::new))
                .query(PurchaseStore::stored).list().forEach(p -> found.put(p.externalId(), p));
        return found;
    }

    public Optional<Stored> find(String source, String externalId) {
        return jdbc.sql("select * from purchases where source = :source and external_id = :externalId")
                .param("source", source).param("externalId", externalId).query(PurchaseStore::stored).optional();
    }

    public Optional<Stored> lock(long id) {
        return jdbc.sql("select * from purchases where id = :id for update").param("id", id)
                .query(PurchaseStore::stored).optional();
    }

    /** Unassigned purchases with this receipt number, from any source. */
    public List<Stored> unassigned(String externalId) {
        return jdbc.sql("select * from purchases where member_id is null and external_id = :externalId order by id")
                .param("externalId", externalId).query(PurchaseStore::stored).list();
    }

    public void assign(long id, long memberId, Instant now) {
        jdbc.sql("update purchases set member_id = :member, assigned_at = :now where id = :id and member_id is null")
                .param("member", memberId).param("now", Timestamp.from(now)).param("id", id).update();
    }

    /**
     * What {@link #recordAll} stores for one purchase: its awards (with their ledger transfers, same positions), the
     * points and the receipt that answers retries; {@code memberId} is null for an unassigned one.
     */
    public record Outcome(long purchaseId, Long memberId, List<Award> awards, List<Long> transferIds,
            Instant occurredAt, long points, String responseJson) {
    }

    /** Stores the awards and receipts of purchases, however many, in one statement. */
    public void recordAll(List<Outcome> outcomes, Instant now) {
        var awardPurchases = new ArrayList<Long>();
        var awardMembers = new ArrayList<Long>();
        var ruleIds = new ArrayList<Long>();
        var versions = new ArrayList<Long>();
        var names = new ArrayList<String>();
        var amounts = new ArrayList<Long>();
        var explanations = new ArrayList<String>();
        var transfers = new ArrayList<Long>();
        var occurredAt = new ArrayList<Instant>();
        int n = outcomes.size();
        var ids = new Long[n];
        var points = new Long[n];
        var responses = new String[n];
        for (int i = 0; i < n; i++) {
            var outcome = outcomes.get(i);
            ids[i] = outcome.purchaseId();
            points[i] = outcome.points();
            responses[i] = outcome.responseJson();
            for (int a = 0; a < outcome.awards().size(); a++) {
                var award = outcome.awards().get(a);
                awardPurchases.add(outcome.purchaseId());
                awardMembers.add(outcome.memberId());
                ruleIds.add(award.ruleId());
                versions.add((long) award.ruleVersion());
                names.add(award.ruleName());
                amounts.add(award.points());
                explanations.add(award.explanation());
                transfers.add(a < outcome.transferIds().size() ? outcome.transferIds().get(a) : null);
                occurredAt.add(outcome.occurredAt());
            }
        }
        jdbc.sql("""
                with awards as (
                    insert into purchase_awards (purchase_id, member_id, rule_id, rule_version, rule_name, points,
                           explanation, transfer_id, occurred_at, created_at)
                    select a.purchase_id, a.member_id, a.rule_id, a.rule_version, a.rule_name, a.points, a.explanation,
                           a.transfer_id, %s, :now
                      from unnest(cast(:purchases as bigint[]), cast(:members as bigint[]), cast(:ruleIds as bigint[]),
                                  cast(:versions as bigint[]), cast(:names as text[]), cast(:amounts as bigint[]),
                                  cast(:explanations as text[]), cast(:transfers as bigint[]),
                                  cast(:occurredAt as bigint[]))
                           as a(purchase_id, member_id, rule_id, rule_version, rule_name, points, explanation,
                                transfer_id, occurred_at)
                )
                update purchases p set points_earned = o.points, response = cast(o.response as jsonb)
                  from unnest(cast(:ids as bigint[]), cast(:points as bigint[]), cast(:responses as text[]))
                       as o(id, points, response)
                 where p.id = o.id
                """.formatted(SqlArrays.TIMESTAMP.formatted("a.occurred_at")))
                .param("purchases", awardPurchases.toArray(Long[]::new))
                .param("members", awardMembers.toArray(Long[]::new)).param("ruleIds", ruleIds.toArray(Long[]::new))
                .param("versions", versions.toArray(Long[]::new)).param("names", names.toArray(String[]::new))
                .param("amounts", amounts.toArray(Long[]::new))
                .param("explanations", explanations.toArray(String[]::new))
                .param("transfers", transfers.toArray(Long[]::new)).param("occurredAt", SqlArrays.micros(occurredAt))
                .param("now", Timestamp.from(now)).param("ids", ids).param("points", points)
                .param("responses", responses)
                .update();
    }

    public List<PurchaseReceipt.AwardView> awards(long purchaseId) {
        return jdbc.sql("""
                select rule_id, rule_version, rule_name, points, explanation from purchase_awards
                 where purchase_id = :id order by created_at, rule_id
                """)
                .param("id", purchaseId)
                .query((rs, n) -> new PurchaseReceipt.AwardView(rs.getLong("rule_id"), rs.getInt("rule_version"),
                        rs.getString("rule_name"), rs.getLong("points"), rs.getString("explanation")))
                .list();
    }

    /** What the rules may need of a member's past: purchases before this one, and what each rule gave. */
    public record History(long purchasesBefore, Map<Long, MemberFacts.RuleUsage> usage) {

        static final History NONE = new History(0, Map.of());
    }

    /**
     * The member's purchases before {@code at} and the points each rule gave the member on the day, in the month
     * and ever as of {@code at} (UTC periods), in one query; each only when asked for.
     */
    public History history(long memberId, Instant at, boolean purchasesBefore, boolean usage) {
        return histories(List.of(memberId), List.of(at), purchasesBefore, usage).getFirst();
    }

    /** {@link #history} for many members, each at its own time (same positions), in one query. */
    public List<History> histories(List<Long> memberIds, List<Instant> ats, boolean purchasesBefore, boolean usage) {
        int n = memberIds.size();
        if (n == 0 || !purchasesBefore && !usage) {
            return java.util.Collections.nCopies(n, History.NONE);
        }
        var members = new Long[n];
        var micros = new Long[n];
        var dayStarts = new Long[n];
        var dayEnds = new Long[n];
        var monthStarts = new Long[n];
        for (int i = 0; i < n; i++) {
            var day = LocalDate.ofInstant(ats.get(i), ZoneOffset.UTC);
            var dayStart = day.atStartOfDay().toInstant(ZoneOffset.UTC);
            members[i] = memberIds.get(i);
            micros[i] = SqlArrays.micros(ats.get(i));
            dayStarts[i] = SqlArrays.micros(dayStart);
            dayEnds[i] = SqlArrays.micros(dayStart.plusSeconds(86_400));
            monthStarts[i] = SqlArrays.micros(day.withDayOfMonth(1).atStartOfDay().toInstant(ZoneOffset.UTC));
        }
        var parts = new ArrayList<String>(2);
        if (purchasesBefore) {
            parts.add("""
                    select q.position, cast(null as bigint) as rule_id,
                           (select count(*) from purchases p where p.member_id = q.member_id and p.occurred_at < %s),
                           0, 0
                      from q
                    """.formatted(SqlArrays.TIMESTAMP.formatted("q.at")));
        }
        if (usage) {
            parts.add("""
                    select q.position, a.rule_id,
                           coalesce(sum(a.points) filter (where a.occurred_at >= %1$s and a.occurred_at < %2$s), 0),
                           coalesce(sum(a.points) filter (where a.occurred_at >= %3$s and a.occurred_at < %2$s), 0),
                           sum(a.points)
                      from q join purchase_awards a on a.member_id = q.member_id
                     group by q.position, a.rule_id
                    """.formatted(SqlArrays.TIMESTAMP.formatted("q.day_start"),
                    SqlArrays.TIMESTAMP.formatted("q.day_end"), SqlArrays.TIMESTAMP.formatted("q.month_start")));
        }
        var counts = new long[n];
        var byRule = new ArrayList<Map<Long, MemberFacts.RuleUsage>>(n);
        for (int i = 0; i < n; i++) {
            byRule.add(new HashMap<>());
        }
        jdbc.sql("""
                with q as (
                    select * from unnest(cast(:members as bigint[]), cast(:ats as bigint[]), cast(:dayStarts as bigint[]),
                                         cast(:dayEnds as bigint[]), cast(:monthStarts as bigint[]))
                           with ordinality as q(member_id, at, day_start, day_end, month_start, position)
                )
                """ + String.join(" union all ", parts))
                .param("members", members).param("ats", micros).param("dayStarts", dayStarts).param("dayEnds", dayEnds)
                .param("monthStarts", monthStarts)
                .query(rs -> {
                    int i = rs.getInt(1) - 1;
                    long rule = rs.getLong(2);
                    if (rs.wasNull()) {
                        counts[i] = rs.getLong(3);
                    } else {
                        byRule.get(i).put(rule, new MemberFacts.RuleUsage(rs.getLong(3), rs.getLong(4), rs.getLong(5)));
                    }
                });
        var histories = new ArrayList<History>(n);
        for (int i = 0; i < n; i++) {
            histories.add(new History(counts[i], byRule.get(i)));
        }
        return histories;
    }

    // returns

    public Optional<ReturnRow> findReturn(long purchaseId, String externalId) {
        return jdbc.sql("select request_hash, response::text as response from purchase_returns "
                        + "where purchase_id = :purchase and external_id = :externalId")
                .param("purchase", purchaseId).param("externalId", externalId)
                .query((rs, n) -> new ReturnRow(rs.getBytes("request_hash"), rs.getString("response")))
                .optional();
    }

    public record ReturnRow(byte[] requestHash, String responseJson) {
    }

    /** Quantity of each sku already returned from a purchase. */
    public Map<String, BigDecimal> returnedQuantities(long purchaseId) {
        var returned = new HashMap<String, BigDecimal>();
        jdbc.sql("""
                select line->>'sku' as sku, sum((line->>'quantity')::numeric) as quantity
                  from purchase_returns, jsonb_array_elements(coalesce(lines, '[]'::jsonb)) line
                 where purchase_id = :purchase group by line->>'sku'
                """)
                .param("purchase", purchaseId)
                .query(rs -> {
                    returned.put(rs.getString("sku"), rs.getBigDecimal("quantity"));
                });
        return returned;
    }

    public long insertReturn(long purchaseId, Long memberId, String externalId, BigDecimal amount, String linesJson,
            byte[] hash, long pointsReversed, Instant now) {
        return jdbc.sql("""
                insert into purchase_returns (purchase_id, member_id, external_id, amount, lines, request_hash, response,
                       points_reversed, created_at)
                values (:purchase, :member, :externalId, :amount, cast(:lines as jsonb), :hash, '{}'::jsonb, :points, :now)
                returning id
                """)
                .param("purchase", purchaseId).param("member", memberId).param("externalId", externalId)
                .param("amount", amount).param("lines", linesJson).param("hash", hash).param("points", pointsReversed)
                .param("now", Timestamp.from(now))
                .query(Long.class).single();
    }

    public void storeReturnResponse(long returnId, String responseJson) {
        jdbc.sql("update purchase_returns set response = cast(:response as jsonb) where id = :id")
                .param("response", responseJson).param("id", returnId).update();
    }

    public void addReturned(long purchaseId, BigDecimal amount, long points) {
        jdbc.sql("""
                update purchases set returned_amount = returned_amount + :amount, points_reversed = points_reversed + :points
                 where id = :id
                """)
                .param("amount", amount).param("points", points).param("id", purchaseId).update();
    }

    // reads for pages and simulations

    public List<PurchaseSummary> recent(long memberId, int limit) {
        var rows = jdbc.sql("select * from purchases where member_id = :member order by occurred_at desc, id desc limit :limit")
                .param("member", memberId).param("limit", limit).query(PurchaseStore::stored).list();
        var result = new ArrayList<PurchaseSummary>();
        for (var p : rows) {
            result.add(new PurchaseSummary(p.id(), p.externalId(), p.memberId(), p.storeCode(), p.channel(),
                    p.occurredAt(), p.currency(), p.totalAmount(), p.returnedAmount(), p.pointsEarned(),
                    p.pointsReversed(), awards(p.id())));
        }
        return result;
    }

    public Optional<PurchaseSummary> ofMember(long memberId, long purchaseId) {
        return jdbc.sql("select * from purchases where id = :id and member_id = :member")
                .param("id", purchaseId).param("member", memberId).query(PurchaseStore::stored).optional()
                .map(p -> new PurchaseSummary(p.id(), p.externalId(), p.memberId(), p.storeCode(), p.channel(),
                        p.occurredAt(), p.currency(), p.totalAmount(), p.returnedAmount(), p.pointsEarned(),
                        p.pointsReversed(), awards(p.id())));
    }

    public Optional<String> linesOf(long purchaseId) {
        return jdbc.sql("select lines from purchases where id = :id").param("id", purchaseId)
                .query(String.class).optional();
    }

    /** Assigned purchases in [from, to), oldest first, with the member's count of earlier purchases. */
    public void forEachAssigned(Instant from, Instant to, Consumer<AssignedRow> each) {
        jdbc.sql("""
                select p.*, (select count(*) from purchases e where e.member_id = p.member_id
                                and e.occurred_at < p.occurred_at) as purchases_before
                  from purchases p
                 where p.member_id is not null and p.occurred_at >= :from and p.occurred_at < :to
                 order by p.occurred_at, p.id
                """)
                .param("from", Timestamp.from(from)).param("to", Timestamp.from(to))
                .query(rs -> {
                    each.accept(new AssignedRow(stored(rs, 0), rs.getLong("purchases_before")));
                });
    }

    public record AssignedRow(Stored purchase, long purchasesBefore) {
    }

    private static Stored stored(ResultSet rs, int n) throws SQLException {
        long member = rs.getLong("member_id");
        boolean unassigned = rs.wasNull();
        return new Stored(rs.getLong("id"), rs.getString("source"), rs.getString("external_id"),
                unassigned ? null : member, rs.getString("store_code"), rs.getString("channel"),
                rs.getTimestamp("occurred_at").toInstant(), rs.getString("currency"), rs.getBigDecimal("total_amount"),
                rs.getBigDecimal("returned_amount"), rs.getString("lines"), rs.getBytes("request_hash"),
                rs.getString("response"), rs.getLong("points_earned"), rs.getLong("points_reversed"));
    }
}
