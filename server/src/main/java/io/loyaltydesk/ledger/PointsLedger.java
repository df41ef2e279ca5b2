package io.loyaltydesk.ledger;

import io.loyaltydesk.ledger.internal.LedgerStore;
import io.loyaltydesk.ledger.internal.Reconciler;
import io.loyaltydesk.ledger.internal.LedgerStore.Kind;
import io.loyaltydesk.ledger.internal.LedgerStore.MemberAccounts;
import io.loyaltydesk.ledger.internal.LedgerStore.NewTransfer;
import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.platform.FieldProblem;
import io.loyaltydesk.platform.KeysetPage;
import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.staff.AuditTrail;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The points ledger. Every command locks the member's accounts first (so one member's commands queue up
 * and no point is spent twice), checks, then writes transfers that each debit one account and credit
 * another, and moves lots. Nothing here updates or deletes a transfer; mistakes are corrected by
 * compensating transfers.
 */
@Service
public class PointsLedger {

    public static final String POINTS = "POINTS";

    private final LedgerStore store;
    private final Reconciler reconciler;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    PointsLedger(LedgerStore store, Reconciler reconciler, AuditTrail audit, ApplicationEventPublisher events,
            Clock clock) {
        this.store = store;
        this.reconciler = reconciler;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    // ---- earning and reversing

    /** Credits points, one transfer and one lot per request; all requests must be for one member. */
    @Transactional
    public List<Earned> earn(List<EarnRequest> requests) {
        return requests.isEmpty() ? List.of() : earnAndHold(requests).earned();
    }

    /**
     * {@link #earn}, and the member's balances after it, known without reading them again. The transfers, their
     * lots and the balance changes are written with three statements whatever the number of requests.
     */
    @Transactional
    public Earning earnAndHold(List<EarnRequest> requests) {
        if (requests.isEmpty()) {
            throw new IllegalArgumentException("nothing to earn");
        }
        var settings = store.settings();
        var books = open(requests.getFirst().memberId(), POINTS);
        var earned = new ArrayList<Earned>();
        var transfers = new ArrayList<NewTransfer>();
        var lots = new ArrayList<LedgerStore.NewLot>();
        var kinds = new ArrayList<Kind>();
        long total = 0;
        for (var request : requests) {
            if (request.memberId() != books.memberId()) {
                throw new IllegalArgumentException("one member per earn call");
            }
            if (request.points() <= 0) {
                continue;
            }
            var lot = lot(request, settings, books.now);
            var to = lot.matured() ? Kind.AVAILABLE : Kind.PENDING;
            transfers.add(earnTransfer(request, books.account(Kind.ISSUED), books.id(to), books.actor));
            lots.add(lot);
            kinds.add(to);
            total += request.points();
        }
        if (!transfers.isEmpty()) {
            long[] ids = store.transfersWithLots(transfers, lots, POINTS, books.now);
            for (int i = 0; i < ids.length; i++) {
                var lot = lots.get(i);
                earned.add(new Earned(ids[i], lot.amount(), lot.availableAt(), lot.expiresAt(), !lot.matured()));
                books.balances.merge(Kind.ISSUED, -lot.amount(), Long::sum);
                books.balances.merge(kinds.get(i), lot.amount(), Long::sum);
            }
        }
        books.recoverDebt();
        if (total > 0) {
            var first = requests.getFirst();
            events.publishEvent(new PointsEarned(books.memberId(), total, first.sourceType(), first.sourceId()));
        }
        return new Earning(earned, holdings(books.balances, settings));
    }

    /**
     * {@link #earnAndHold} for many groups at once (the purchases of a batch), as if they were earned one after the
     * other in the order given, but with a constant number of statements: every member's accounts locked with one,
     * all transfers, lots and balance changes written with two. Program accounts are written last, after all member
     * locks are held, as a single earn does. A member who owes points (a debt after a return) takes the one-by-one
     * path, which pays the debt back from each earn.
     */
    @Transactional
    public List<Earning> earnAll(List<EarnGroup> groups) {
        if (groups.isEmpty()) {
            return List.of();
        }
        var settings = store.settings();
        var now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        var actor = Actor.current().name();
        var locked = store.lockMembers(groups.stream().map(EarnGroup::memberId).toList(), POINTS, now);
        var balances = new HashMap<Long, Map<Kind, Long>>();
        locked.forEach((member, accounts) -> balances.put(member, new EnumMap<>(accounts.balances())));
        var results = new Earning[groups.size()];
        var transfers = new ArrayList<NewTransfer>();
        var lots = new ArrayList<LedgerStore.NewLot>();
        var owners = new ArrayList<Integer>(); // the group of each transfer
        var owing = new boolean[groups.size()];
        for (int g = 0; g < groups.size(); g++) {
            var group = groups.get(g);
            var accounts = locked.get(group.memberId());
            var balance = balances.get(group.memberId());
            if (balance.getOrDefault(Kind.DEBT, 0L) != 0) {
                owing[g] = true;
                continue;
            }
            for (var request : group.requests()) {
                if (request.points() <= 0) {
                    continue;
                }
                var lot = lot(request, settings, now);
                var to = lot.matured() ? Kind.AVAILABLE : Kind.PENDING;
                transfers.add(earnTransfer(request, store.programAccount(POINTS, Kind.ISSUED, group.memberId(), now),
                        accounts.id(to), actor));
                lots.add(lot);
                owners.add(g);
                balance.merge(to, request.points(), Long::sum);
            }
            results[g] = new Earning(new ArrayList<>(), holdings(balance, settings));
        }
        if (!transfers.isEmpty()) {
            long[] ids = store.transfersWithLots(transfers, lots, POINTS, now);
            for (int i = 0; i < ids.length; i++) {
                var lot = lots.get(i);
                results[owners.get(i)].earned()
                        .add(new Earned(ids[i], lot.amount(), lot.availableAt(), lot.expiresAt(), !lot.matured()));
            }
        }
        for (int g = 0; g < groups.size(); g++) {
            if (!owing[g]) {
                continue;
            }
            var group = groups.get(g);
            results[g] = group.requests().stream().anyMatch(r -> r.points() > 0) ? earnAndHold(group.requests())
                    : new Earning(List.of(), holdings(group.memberId()));
        }
        for (int g = 0; g < groups.size(); g++) {
            var earned = results[g].earned();
            long total = earned.stream().mapToLong(Earned::points).sum();
            if (total > 0 && !owing[g]) {
                var first = groups.get(g).requests().getFirst();
                events.publishEvent(new PointsEarned(first.memberId(), total, first.sourceType(), first.sourceId()));
            }
        }
        return List.of(results);
    }

    /** The lot an earn creates: pending until the return window ends (matured at once without one). */
    private static LedgerStore.NewLot lot(EarnRequest request, LedgerSettings settings, Instant now) {
        var occurredAt = request.occurredAt().truncatedTo(ChronoUnit.MICROS);
        var availableAt = occurredAt.plus(Duration.ofDays(settings.pendingDays()));
        return new LedgerStore.NewLot(request.points(), availableAt,
                settings.expiryPolicy().expiresAt(occurredAt, settings.expiryMonths()), !availableAt.isAfter(now));
    }

    /** The EARN transfer of a request, from the program's ISSUED account (stripe) to the member's account. */
    private static NewTransfer earnTransfer(EarnRequest request, long issuedAccount, long memberAccount,
            String actor) {
        return new NewTransfer(POINTS, request.memberId(), null, issuedAccount, memberAccount, request.points(),
                EntryCode.EARN, null, request.sourceType(), request.sourceId(), request.ruleId(), request.ruleVersion(),
                request.explanation(), actor, request.occurredAt().truncatedTo(ChronoUnit.MICROS));
    }

    /**
     * Credits a bonus that needs no return window (e.g. welcome points): an EARN that is available at once and
     * expires like any earn. Granted at most once per {@code (sourceType, sourceId)}: a repeated call returns
     * false and changes nothing.
     */
    @Transactional
    public boolean grant(long memberId, long points, String sourceType, String sourceId, String explanation) {
        if (points <= 0) {
            throw new CommandRefusedException.InvalidInput("points", "must be more than zero");
        }
        var settings = store.settings();
        var books = open(memberId, POINTS);
        if (store.hasTransfer(memberId, POINTS, EntryCode.EARN, sourceType, sourceId)) {
            return false;
        }
        long transferId = books.transfer(Kind.ISSUED, Kind.AVAILABLE, points, EntryCode.EARN, null, sourceType,
                sourceId, null, null, explanation, books.now);
        store.addLot(memberId, POINTS, transferId, points, books.now,
                settings.expiryPolicy().expiresAt(books.now, settings.expiryMonths()), true, books.now);
        books.recoverDebt();
        events.publishEvent(new PointsEarned(memberId, points, sourceType, sourceId));
        return true;
    }

    /**
     * Takes back up to {@code points} earned by a source (a returned purchase): first from the lots that source
     * created (pending ones simply cancelled), then from the member's other available points, and what the
     * member no longer has becomes a debt recovered from future earnings. Never takes back more than the source
     * earned minus what earlier reversals of it took, so a repeated return changes nothing.
     */
    @Transactional
    public Reversal reverse(long memberId, String sourceType, String sourceId, long points, String explanation,
            Instant occurredAt) {
        if (points <= 0) {
            return new Reversal(0, 0, 0);
        }
        var books = open(memberId, POINTS);
        // a return (or a retried one) never takes back more than the source earned and has not yet given back
        long need = Math.min(points, store.notYetReversed(memberId, POINTS, sourceType, sourceId));
        long fromPending = 0;
        long fromAvailable = 0;
        for (var lot : store.lotsOfSource(memberId, POINTS, sourceType, sourceId)) {
            if (need == 0) {
                break;
            }
            long take = Math.min(need, lot.remaining());
            var from = lot.matured() ? Kind.AVAILABLE : Kind.PENDING;
            long transferId = books.transfer(from, Kind.ISSUED, take, EntryCode.REVERSE, null, sourceType, sourceId,
                    null, null, explanation, occurredAt);
            store.draw(transferId, lot.id(), memberId, take, books.now);
            if (lot.matured()) {
                fromAvailable += take;
            } else {
                fromPending += take;
            }
            need -= take;
        }
        if (need > 0 && books.balance(Kind.AVAILABLE) > 0) {
            long take = Math.min(need, books.balance(Kind.AVAILABLE));
            books.spend(take, Kind.ISSUED, EntryCode.REVERSE, null, sourceType, sourceId, explanation, occurredAt);
            fromAvailable += take;
            need -= take;
        }
        long toDebt = 0;
        if (need > 0) {
            books.transfer(Kind.DEBT, Kind.ISSUED, need, EntryCode.REVERSE, null, sourceType, sourceId, null, null,
                    explanation + " (already used: recovered from future points)", occurredAt);
            toDebt = need;
        }
        return new Reversal(fromPending, fromAvailable, toDebt);
    }

    /**
     * Gives back points that a confirmed redemption spent (a reward cancelled or returned): credits AVAILABLE from
     * the program's REDEEMED account with code REFUND, as a new lot that expires as a fresh earning would. The
     * caller makes sure a redemption is refunded once (it settles the redemption under its own row lock).
     */
    @Transactional
    public long refund(long memberId, long points, String sourceType, String sourceId, String explanation) {
        if (points <= 0) {
            throw new CommandRefusedException.InvalidInput("points", "must be a positive whole number");
        }
        var settings = store.settings();
        var books = open(memberId, POINTS);
        long transferId = books.transfer(Kind.REDEEMED, Kind.AVAILABLE, points, EntryCode.REFUND, null, sourceType,
                sourceId, null, null, explanation, books.now);
        store.addLot(memberId, POINTS, transferId, points, books.now,
                settings.expiryPolicy().expiresAt(books.now, settings.expiryMonths()), true, books.now);
        books.recoverDebt();
        return transferId;
    }

    // ---- reservations

    /** Holds points for a checkout; not enough available points is a 422 {@code insufficient-points}. */
    @Transactional
    public Reservation reserve(long memberId, long points, String reference) {
        if (points <= 0) {
            throw new CommandRefusedException.InvalidInput("points", "must be a positive whole number");
        }
        if (reference != null && reference.length() > 200) {
            throw new CommandRefusedException.InvalidInput("reference", "must have at most 200 characters");
        }
        var settings = store.settings();
        var books = open(memberId, POINTS);
        requireAvailable(books, points);
        long transferId = books.spend(points, null, EntryCode.RESERVE, Kind.RESERVED, "reservation", reference,
                "Held for checkout" + (reference == null ? "" : " " + reference), books.now);
        var expiresAt = books.now.plus(Duration.ofMinutes(settings.reservationTimeoutMinutes()));
        long id = store.insertReservation(memberId, POINTS, points, reference, expiresAt, transferId,
                Actor.current().name(), books.now);
        return store.reservation(id).orElseThrow().view();
    }

    /** Spends held points for good. Confirming twice is harmless; a cancelled or expired hold is a 422. */
    @Transactional
    public Reservation confirm(long reservationId) {
        var memberId = store.reservationMember(reservationId)
                .orElseThrow(() -> new CommandRefusedException.NotFound("Reservation", reservationId));
        var books = open(memberId, POINTS);
        var stored = store.reservation(reservationId).orElseThrow();
        switch (stored.view().status()) {
            case CONFIRMED -> {
                return stored.view();
            }
            case CANCELLED, EXPIRED -> throw new CommandRefusedException.RuleViolated("reservation-closed",
                    "Reservation " + reservationId + " was " + stored.view().status().name().toLowerCase()
                            + " and can no longer be confirmed");
            case RESERVED -> {
                long transferId = books.transfer(Kind.RESERVED, Kind.REDEEMED, stored.view().points(),
                        EntryCode.REDEEM, stored.reserveTransferId(), "reservation", Long.toString(reservationId),
                        null, null, "Redeemed at checkout"
                                + (stored.view().reference() == null ? "" : " " + stored.view().reference()),
                        books.now);
                store.settleReservation(reservationId, Reservation.Status.CONFIRMED, transferId, books.now);
            }
        }
        return store.reservation(reservationId).orElseThrow().view();
    }

    /** Releases held points back to the member. Cancelling twice is harmless; a confirmed hold is a 422. */
    @Transactional
    public Reservation cancel(long reservationId) {
        return release(reservationId, Reservation.Status.CANCELLED);
    }

    private Reservation release(long reservationId, Reservation.Status status) {
        var memberId = store.reservationMember(reservationId)
                .orElseThrow(() -> new CommandRefusedException.NotFound("Reservation", reservationId));
        var books = open(memberId, POINTS);
        var stored = store.reservation(reservationId).orElseThrow();
        switch (stored.view().status()) {
            case CANCELLED, EXPIRED -> {
                return stored.view();
            }
            case CONFIRMED -> throw new CommandRefusedException.RuleViolated("reservation-confirmed",
                    "Reservation " + reservationId + " was already confirmed; refund it instead");
            case RESERVED -> {
                long transferId = books.transfer(Kind.RESERVED, Kind.AVAILABLE, stored.view().points(),
                        EntryCode.RELEASE, stored.reserveTransferId(), "reservation", Long.toString(reservationId),
                        null, null, status == Reservation.Status.EXPIRED ? "Hold timed out" : "Hold cancelled",
                        books.now);
                store.drawsOf(stored.reserveTransferId())
                        .forEach((lotId, amount) -> store.draw(transferId, lotId, memberId, -amount, books.now));
                store.settleReservation(reservationId, status, transferId, books.now);
                // points released into lots that expired while they were held expire now, not at the next job run
                expireLots(books);
                books.recoverDebt();
            }
        }
        return store.reservation(reservationId).orElseThrow().view();
    }

    // ---- adjustments

    /**
     * A manual correction with a reason. Up to the approval limit it applies at once; above it, it waits for a
     * second person ({@link #approve}). Taking more than the member has is refused.
     */
    @Transactional
    public Adjustment adjust(long memberId, long points, String reason, String comment, String sourceType,
            String sourceId) {
        if (points == 0) {
            throw new CommandRefusedException.InvalidInput("points", "must not be zero");
        }
        if (reason == null || reason.isBlank()) {
            throw new CommandRefusedException.InvalidInput("reason", "say why the points change");
        }
        var settings = store.settings();
        var books = open(memberId, POINTS);
        var actor = Actor.current().name();
        boolean needsApproval = Math.abs(points) > settings.adjustmentApprovalLimit();
        if (!needsApproval && points < 0) {
            requireAvailable(books, -points);
        }
        long id = store.insertAdjustment(memberId, POINTS, points, reason.strip(), blankToNull(comment), sourceType,
                sourceId, needsApproval ? Adjustment.Status.PENDING_APPROVAL : Adjustment.Status.APPLIED, actor,
                books.now);
        if (!needsApproval) {
            store.linkAdjustment(id, applyAdjustment(books, settings, id, points, reason));
        }
        var adjustment = store.adjustment(id).orElseThrow();
        audit.record(needsApproval ? "points.adjustment-requested" : "points.adjusted", "member", memberId, null,
                adjustment, reason);
        return adjustment;
    }

    /** Applies an adjustment that waited for approval; the approver must be someone else than the requester. */
    @Transactional
    public Adjustment approve(long adjustmentId) {
        var pending = pendingAdjustment(adjustmentId);
        var books = open(pending.memberId(), POINTS);
        pending = pendingAdjustment(adjustmentId);
        var approver = Actor.current().name();
        if (approver.equals(pending.requestedBy())) {
            throw new CommandRefusedException.RuleViolated("four-eyes",
                    "An adjustment needs the approval of someone other than who requested it");
        }
        if (pending.points() < 0) {
            requireAvailable(books, -pending.points());
        }
        long transferId = applyAdjustment(books, store.settings(), adjustmentId, pending.points(), pending.reason());
        store.decideAdjustment(adjustmentId, Adjustment.Status.APPROVED, approver, transferId, books.now);
        var approved = store.adjustment(adjustmentId).orElseThrow();
        audit.record("points.adjustment-approved", "member", pending.memberId(), pending, approved, pending.reason());
        return approved;
    }

    @Transactional
    public Adjustment reject(long adjustmentId, String why) {
        var pending = pendingAdjustment(adjustmentId);
        // under the member's lock, like approve, so that a concurrent approval and rejection cannot both win
        var books = open(pending.memberId(), POINTS);
        pending = pendingAdjustment(adjustmentId);
        store.decideAdjustment(adjustmentId, Adjustment.Status.REJECTED, Actor.current().name(), null, books.now);
        var rejected = store.adjustment(adjustmentId).orElseThrow();
        audit.record("points.adjustment-rejected", "member", pending.memberId(), pending, rejected, why);
        return rejected;
    }

    private Adjustment pendingAdjustment(long adjustmentId) {
        var adjustment = store.adjustment(adjustmentId)
                .orElseThrow(() -> new CommandRefusedException.NotFound("Adjustment", adjustmentId));
        if (adjustment.status() != Adjustment.Status.PENDING_APPROVAL) {
            throw new CommandRefusedException.RuleViolated("adjustment-decided",
                    "Adjustment " + adjustmentId + " is " + adjustment.status().name().toLowerCase().replace('_', ' '));
        }
        return adjustment;
    }

    private long applyAdjustment(Books books, LedgerSettings settings, long adjustmentId, long points, String reason) {
        var explanation = "Adjusted by staff: " + reason.strip();
        if (points > 0) {
            long transferId = books.transfer(Kind.ADJUSTMENTS, Kind.AVAILABLE, points, EntryCode.ADJUST, null,
                    "adjustment", Long.toString(adjustmentId), null, null, explanation, books.now);
            store.addLot(books.memberId(), POINTS, transferId, points, books.now,
                    settings.expiryPolicy().expiresAt(books.now, settings.expiryMonths()), true, books.now);
            books.recoverDebt();
            return transferId;
        }
        return books.spend(-points, Kind.ADJUSTMENTS, EntryCode.ADJUST, null, "adjustment",
                Long.toString(adjustmentId), explanation, books.now);
    }

    @Transactional(readOnly = true)
    public List<Adjustment> adjustments(Long memberId, Adjustment.Status status, int limit) {
        return store.adjustments(memberId, status, limit);
    }

    // ---- member to member

    /** Moves points between members (family pooling) when the program allows it; the points keep their expiry. */
    @Transactional
    public void transferBetweenMembers(long fromMemberId, long toMemberId, long points, String reason) {
        var settings = store.settings();
        if (!settings.memberTransfersEnabled()) {
            throw new CommandRefusedException.RuleViolated("transfers-disabled",
                    "This program does not allow moving points between members");
        }
        if (points <= 0) {
            throw new CommandRefusedException.InvalidInput("points", "must be a positive whole number");
        }
        if (fromMemberId == toMemberId) {
            throw new CommandRefusedException.RuleViolated("transfer-self", "Points cannot be moved to the same member");
        }
        var first = open(Math.min(fromMemberId, toMemberId), POINTS);
        var second = open(Math.max(fromMemberId, toMemberId), POINTS);
        var from = first.memberId() == fromMemberId ? first : second;
        var to = from == first ? second : first;
        requireAvailable(from, points);
        var explanation = "Points moved from member " + fromMemberId + " to member " + toMemberId
                + (reason == null || reason.isBlank() ? "" : ": " + reason.strip());
        long transferId = store.transfer(new NewTransfer(POINTS, fromMemberId, toMemberId, from.id(Kind.AVAILABLE),
                to.id(Kind.AVAILABLE), points, EntryCode.TRANSFER, null, "member", Long.toString(toMemberId), null,
                null, explanation, Actor.current().name(), from.now), from.now);
        long need = points;
        for (var lot : store.spendableLots(fromMemberId, POINTS)) {
            if (need == 0) {
                break;
            }
            long take = Math.min(need, lot.remaining());
            store.draw(transferId, lot.id(), fromMemberId, take, from.now);
            store.addLot(toMemberId, POINTS, transferId, take, from.now, lot.expiresAt(), true, from.now);
            need -= take;
        }
        from.balances.merge(Kind.AVAILABLE, -points, Long::sum);
        to.balances.merge(Kind.AVAILABLE, points, Long::sum);
        to.recoverDebt();
        audit.record("points.transferred", "member", fromMemberId, null,
                Map.of("to", toMemberId, "points", points), reason);
    }

    /**
     * Moves everything a duplicate member holds to the member it was merged into: available and pending points
     * keep their dates (lot by lot), a debt moves along. Open holds stay with the duplicate until they settle.
     */
    @Transactional
    public void mergeInto(long duplicateId, long survivorId) {
        var first = open(Math.min(duplicateId, survivorId), POINTS);
        var second = open(Math.max(duplicateId, survivorId), POINTS);
        var from = first.memberId() == duplicateId ? first : second;
        var to = from == first ? second : first;
        var explanation = "Member " + duplicateId + " merged into member " + survivorId;
        for (var lot : store.lots(duplicateId, POINTS, true)) {
            var kind = lot.matured() ? Kind.AVAILABLE : Kind.PENDING;
            long transferId = store.transfer(new NewTransfer(POINTS, duplicateId, survivorId, from.id(kind),
                    to.id(kind), lot.remaining(), EntryCode.TRANSFER, lot.transferId(), "merge",
                    Long.toString(duplicateId), null, null, explanation, from.actor, from.now), from.now);
            store.draw(transferId, lot.id(), duplicateId, lot.remaining(), from.now);
            store.addLot(survivorId, POINTS, transferId, lot.remaining(), lot.availableAt(), lot.expiresAt(),
                    lot.matured(), from.now);
            from.balances.merge(kind, -lot.remaining(), Long::sum);
            to.balances.merge(kind, lot.remaining(), Long::sum);
        }
        long debt = -from.balance(Kind.DEBT);
        if (debt > 0) {
            store.transfer(new NewTransfer(POINTS, duplicateId, survivorId, to.id(Kind.DEBT), from.id(Kind.DEBT), debt,
                    EntryCode.TRANSFER, null, "merge", Long.toString(duplicateId), null, null,
                    explanation + ": debt moved", from.actor, from.now), from.now);
            from.balances.merge(Kind.DEBT, debt, Long::sum);
            to.balances.merge(Kind.DEBT, -debt, Long::sum);
        }
        to.recoverDebt();
    }

    // ---- jobs

    /** Moves pending points whose return window has passed to available, for up to {@code membersMax} members. */
    @Transactional
    public int matureDue(int membersMax) {
        var now = clock.instant();
        int lots = 0;
        for (long memberId : store.membersWithLotsToMature(POINTS, now, membersMax)) {
            var books = open(memberId, POINTS);
            for (var lot : store.lotsToMature(memberId, POINTS, now)) {
                books.transfer(Kind.PENDING, Kind.AVAILABLE, lot.remaining(), EntryCode.MATURE, lot.transferId(),
                        null, null, null, null, "Return window over: points available", now);
                store.markMatured(lot.id());
                lots++;
            }
            books.recoverDebt();
        }
        return lots;
    }

    /** Expires what is left of due lots, for up to {@code membersMax} members; returns the points expired. */
    @Transactional
    public long expireDue(int membersMax) {
        var now = clock.instant();
        long expired = 0;
        for (long memberId : store.membersWithLotsToExpire(POINTS, now, membersMax)) {
            expired += expireLots(open(memberId, POINTS));
        }
        return expired;
    }

    /** Expires what is left of the member's due lots. */
    private long expireLots(Books books) {
        long memberExpired = 0;
        for (var lot : store.lotsToExpire(books.memberId(), POINTS, books.now)) {
            long transferId = books.transfer(Kind.AVAILABLE, Kind.EXPIRED, lot.remaining(), EntryCode.EXPIRE,
                    lot.transferId(), null, null, null, null,
                    lot.remaining() + " points earned on "
                            + store.occurredAt(lot.transferId()).toString().substring(0, 10) + " expired",
                    lot.expiresAt());
            store.draw(transferId, lot.id(), books.memberId(), lot.remaining(), books.now);
            memberExpired += lot.remaining();
        }
        if (memberExpired > 0) {
            events.publishEvent(new PointsExpired(books.memberId(), memberExpired));
        }
        return memberExpired;
    }

    /** Cancels holds that timed out; returns how many. */
    @Transactional
    public int expireReservations(int max) {
        var due = store.expiredReservations(clock.instant(), max);
        due.forEach(id -> release(id, Reservation.Status.EXPIRED));
        return due.size();
    }

    // ---- reads

    /** One statement, so no transaction of its own: a single query reads one snapshot anyway. */
    public Balance balance(long memberId) {
        return balance(memberId, store.balanceRows(memberId, POINTS));
    }

    /**
     * The balance of a member who has ever had ledger accounts (one query); empty for a member who never had any,
     * so that a caller can tell "no such member" from "no points yet" with a second query only then.
     */
    public java.util.Optional<Balance> balanceIfKnown(long memberId) {
        var rows = store.balanceRows(memberId, POINTS);
        return rows.hasAccounts() ? java.util.Optional.of(balance(memberId, rows)) : java.util.Optional.empty();
    }

    private Balance balance(long memberId, LedgerStore.BalanceRows rows) {
        var now = clock.instant();
        var balances = rows.balances();
        var lifetime = rows.lifetime();
        var lots = rows.openLots();
        var pending = lots.stream().filter(l -> !l.matured())
                .map(l -> new Balance.Upcoming(l.remaining(), l.availableAt())).toList();
        var expiring = lots.stream().filter(l -> l.matured() && l.expiresAt() != null).limit(5)
                .map(l -> new Balance.Upcoming(l.remaining(), l.expiresAt())).toList();
        // the books always hold a shortfall in the DEBT account; the program decides how members see it
        boolean negativeShown = store.settings().allowNegativeBalance();
        long available = balances.get(Kind.AVAILABLE) + (negativeShown ? balances.get(Kind.DEBT) : 0);
        long debt = negativeShown ? 0 : balances.get(Kind.DEBT);
        return new Balance(memberId, available, balances.get(Kind.PENDING),
                balances.get(Kind.RESERVED), debt, lifetime.getOrDefault(EntryCode.EARN, 0L),
                lifetime.getOrDefault(EntryCode.REDEEM, 0L) - lifetime.getOrDefault(EntryCode.REFUND, 0L),
                lifetime.getOrDefault(EntryCode.EXPIRE, 0L),
                expiringBefore(lots, now.plus(Duration.ofDays(30))), expiringBefore(lots, now.plus(Duration.ofDays(60))),
                expiringBefore(lots, now.plus(Duration.ofDays(90))), pending, expiring);
    }

    /** The four balances only (one read): what a receipt or a till needs. */
    @Transactional(readOnly = true)
    public Holdings holdings(long memberId) {
        return holdings(store.balances(memberId, POINTS), store.settings());
    }

    private static Holdings holdings(Map<Kind, Long> balances, LedgerSettings settings) {
        boolean negativeShown = settings.allowNegativeBalance();
        long debt = balances.getOrDefault(Kind.DEBT, 0L);
        return new Holdings(balances.getOrDefault(Kind.AVAILABLE, 0L) + (negativeShown ? debt : 0),
                balances.getOrDefault(Kind.PENDING, 0L), balances.getOrDefault(Kind.RESERVED, 0L),
                negativeShown ? 0 : debt);
    }

    /** Points in matured lots that expire before {@code until}; the lots are already loaded, closest to expiry first. */
    private static long expiringBefore(List<Lot> openLots, Instant until) {
        return openLots.stream().filter(l -> l.matured() && l.expiresAt() != null && l.expiresAt().isBefore(until))
                .mapToLong(Lot::remaining).sum();
    }

    /** The member's history, newest first; internal moves (maturing, holds) only when asked for. */
    @Transactional(readOnly = true)
    public KeysetPage<HistoryEntry> history(long memberId, String cursor, int limit, boolean internalToo) {
        var rows = store.history(memberId, POINTS, KeysetPage.decode(cursor), internalToo, limit);
        return KeysetPage.of(rows, limit, HistoryEntry::id);
    }

    @Transactional(readOnly = true)
    public List<Lot> lots(long memberId, boolean openOnly) {
        return store.lots(memberId, POINTS, openOnly);
    }

    @Transactional(readOnly = true)
    public List<Reservation> reservations(long memberId, boolean openOnly) {
        return store.reservations(memberId, openOnly, 50);
    }

    @Transactional(readOnly = true)
    public Reservation reservation(long reservationId) {
        return store.reservation(reservationId).map(LedgerStore.StoredReservation::view)
                .orElseThrow(() -> new CommandRefusedException.NotFound("Reservation", reservationId));
    }

    /** Proves the books balance; see {@link Reconciliation}. */
    public Reconciliation reconcile() {
        return reconciler.reconcile();
    }

    @Transactional(readOnly = true)
    public LedgerSettings settings() {
        return store.settings();
    }

    @Transactional
    public LedgerSettings updateSettings(LedgerSettings settings, String reason) {
        var problems = new ArrayList<FieldProblem>();
        if (settings.pendingDays() < 0 || settings.pendingDays() > 365) {
            problems.add(new FieldProblem("pendingDays", "must be between 0 and 365"));
        }
        if (settings.expiryMonths() < 1 || settings.expiryMonths() > 120) {
            problems.add(new FieldProblem("expiryMonths", "must be between 1 and 120"));
        }
        if (settings.pointValueMinor() == null || settings.pointValueMinor().signum() < 0) {
            problems.add(new FieldProblem("pointValueMinor", "must be zero or more"));
        }
        if (settings.currency() == null || !settings.currency().matches("[A-Z]{3}")) {
            problems.add(new FieldProblem("currency", "must be an ISO 4217 code such as EUR"));
        }
        if (settings.adjustmentApprovalLimit() < 0) {
            problems.add(new FieldProblem("adjustmentApprovalLimit", "must be zero or more"));
        }
        if (settings.reservationTimeoutMinutes() < 1 || settings.reservationTimeoutMinutes() > 1440) {
            problems.add(new FieldProblem("reservationTimeoutMinutes",
                    "must be between 1 and 1440"));
        }
        if (settings.expiryPolicy() == null) {
            problems.add(new FieldProblem("expiryPolicy", "is required"));
        }
        if (!problems.isEmpty()) {
            throw new CommandRefusedException.InvalidInput(problems);
        }
        var before = store.settings();
        store.saveSettings(settings, clock.instant());
        audit.record("ledger.settings-changed", "settings", "ledger", before, settings, reason);
        return store.settings();
    }

    private void requireAvailable(Books books, long points) {
        if (books.balance(Kind.AVAILABLE) < points) {
            throw new CommandRefusedException.RuleViolated("insufficient-points",
                    "Member " + books.memberId() + " has " + books.balance(Kind.AVAILABLE)
                            + " points available, " + points + " are needed");
        }
    }

    private Books open(long memberId, String asset) {
        // PostgreSQL keeps microseconds; so do we, so that what we answer equals what we stored
        var now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return new Books(store.lockMember(memberId, asset, now), now, Actor.current().name());
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    /** One member's locked accounts for the current transaction, with balances kept current as we write. */
    private final class Books {

        private final MemberAccounts accounts;
        private final Map<Kind, Long> balances;
        private final Instant now;
        private final String actor;

        Books(MemberAccounts accounts, Instant now, String actor) {
            this.accounts = accounts;
            this.balances = new EnumMap<>(accounts.balances());
            this.now = now;
            this.actor = actor;
        }

        long memberId() {
            return accounts.memberId();
        }

        long id(Kind kind) {
            return accounts.id(kind);
        }

        long balance(Kind kind) {
            return balances.getOrDefault(kind, 0L);
        }

        long account(Kind kind) {
            return switch (kind) {
                case AVAILABLE, PENDING, RESERVED, DEBT -> accounts.id(kind);
                default -> store.programAccount(accounts.asset(), kind, accounts.memberId(), now);
            };
        }

        long transfer(Kind from, Kind to, long amount, EntryCode code, Long correctsId, String sourceType,
                String sourceId, Long ruleId, Integer ruleVersion, String explanation, Instant occurredAt) {
            long id = store.transfer(new NewTransfer(accounts.asset(), accounts.memberId(), null, account(from),
                    account(to), amount, code, correctsId, sourceType, sourceId, ruleId, ruleVersion, explanation,
                    actor, occurredAt), now);
            balances.merge(from, -amount, Long::sum);
            balances.merge(to, amount, Long::sum);
            return id;
        }

        /**
         * Moves {@code amount} out of AVAILABLE, drawing lots closest to expiry first, to a program account
         * ({@code programTo}) or to one of the member's own accounts ({@code memberTo}).
         */
        long spend(long amount, Kind programTo, EntryCode code, Kind memberTo, String sourceType, String sourceId,
                String explanation, Instant occurredAt) {
            long transferId = transfer(Kind.AVAILABLE, memberTo != null ? memberTo : programTo, amount, code, null,
                    sourceType, sourceId, null, null, explanation, occurredAt);
            long need = amount;
            for (var lot : store.spendableLots(memberId(), accounts.asset())) {
                if (need == 0) {
                    break;
                }
                long take = Math.min(need, lot.remaining());
                store.draw(transferId, lot.id(), memberId(), take, now);
                need -= take;
            }
            if (need > 0) {
                throw new IllegalStateException("lots of member " + memberId() + " hold less than the available balance");
            }
            return transferId;
        }

        /** Pays back a debt from available points, as far as they reach. */
        void recoverDebt() {
            long debt = -balance(Kind.DEBT);
            long available = balance(Kind.AVAILABLE);
            if (debt > 0 && available > 0) {
                spend(Math.min(debt, available), null, EntryCode.RECOVER, Kind.DEBT, null, null,
                        "Paid back points used before a return", now);
            }
        }
    }
}
