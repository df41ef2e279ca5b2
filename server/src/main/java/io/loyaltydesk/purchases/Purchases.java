package io.loyaltydesk.purchases;

import io.loyaltydesk.ledger.EarnGroup;
import io.loyaltydesk.ledger.EarnRequest;
import io.loyaltydesk.ledger.Earned;
import io.loyaltydesk.ledger.Earning;
import io.loyaltydesk.ledger.PointsLedger;
import io.loyaltydesk.ledger.Reversal;
import io.loyaltydesk.members.IdentifierKind;
import io.loyaltydesk.members.Member;
import io.loyaltydesk.members.MemberId;
import io.loyaltydesk.members.MemberStanding;
import io.loyaltydesk.members.MemberStatus;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.platform.FieldProblem;
import io.loyaltydesk.purchases.internal.PurchaseStore;
import io.loyaltydesk.rules.Award;
import io.loyaltydesk.rules.Basket;
import io.loyaltydesk.rules.EarningRules;
import io.loyaltydesk.rules.MemberFacts;
import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.staff.Stores;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records purchases and returns. One command, one transaction: the purchase row, the rules' awards and
 * the ledger transfers commit together. The caller's receipt number makes every call safe to retry.
 */
@Service
public class Purchases {

    static final int LINES_MAX = 500;
    private static final Duration CLOCK_SKEW_MAX = Duration.ofMinutes(10);
    private static final String SOURCE_TYPE = "purchase";

    private final PurchaseStore store;
    private final Members members;
    private final PointsLedger ledger;
    private final EarningRules rules;
    private final Stores stores;
    private final ApplicationEventPublisher events;
    private final JsonMapper json;
    private final Clock clock;
    private final ObjectProvider<MemberTiers> tiers;

    Purchases(PurchaseStore store, Members members, PointsLedger ledger, EarningRules rules, Stores stores,
            ApplicationEventPublisher events, JsonMapper json, Clock clock, ObjectProvider<MemberTiers> tiers) {
        this.store = store;
        this.members = members;
        this.ledger = ledger;
        this.rules = rules;
        this.stores = stores;
        this.events = events;
        this.json = json;
        this.clock = clock;
        this.tiers = tiers;
    }

    /** Who is sending: purchases are unique per sender and receipt number. */
    public static String currentSource() {
        var actor = Actor.current();
        return switch (actor.type()) {
            case API_KEY -> "api-key:" + actor.id();
            case STAFF -> "console";
            default -> actor.type().name().toLowerCase(Locale.ROOT);
        };
    }

    /**
     * Records a purchase. The same receipt number with the same content answers with the first receipt
     * ({@code created=false}); with different content it is a 409. Every refusal comes before the first write
     * (validation, the member, a receipt number recorded with other content: the insert that finds it writes nothing).
     */
    @Transactional
    public Recorded<PurchaseReceipt> record(PurchaseRequest request, String source) {
        var valid = validate(request);
        var hash = hash(request);
        // no read first: the insert finds a receipt number seen before (and then answers like a retry below)
        var member = resolve(request);
        var inserted = store.insert(newPurchase(source, request, valid, hash, member), clock.instant());
        if (inserted.isEmpty()) {
            // a concurrent request with the same receipt number won the insert; answer like a retry
            return new Recorded<>(replay(store.find(source, valid.externalId()).orElseThrow(), hash), false);
        }
        long purchaseId = inserted.get();
        if (member.isEmpty()) {
            var receipt = unassigned(purchaseId, valid.externalId());
            store.recordAll(List.of(new PurchaseStore.Outcome(purchaseId, null, List.of(), List.of(),
                    valid.basket().occurredAt(), 0, json.writeValueAsString(receipt))), clock.instant());
            return new Recorded<>(receipt, true);
        }
        return new Recorded<>(earn(purchaseId, valid.basket(), member.get(), events::publishEvent), true);
    }

    /** One item of a batch: its receipt, or why it was refused. */
    public record BatchOutcome(Recorded<PurchaseReceipt> recorded, CommandRefusedException refused) {
    }

    /**
     * Records many purchases in one transaction with a constant number of statements (not one set per purchase):
     * every purchase inserted with one, the members' histories and tiers read with one each, the points booked with
     * three, the awards and receipts stored with one. The result is what recording the items one after the other
     * in the order given would give: a purchase's facts count the earlier purchases of the same member in the batch
     * (purchases before it, what each capped rule already gave), and an item repeating an earlier item's receipt
     * number answers like a retry of it. A refused item writes nothing. The purchases that earned are published as
     * one {@link PurchaseBatchRecorded}, so their follow-ups also cost one transaction. Concurrent batches queue
     * (they share the program's accounts). Fails as a whole if anything but a refusal goes wrong; the caller then
     * records the items one by one, each in its own transaction.
     */
    @Transactional
    public List<BatchOutcome> recordAll(List<PurchaseRequest> requests, String source) {
        store.queueBatch();
        var outcomes = new BatchOutcome[requests.size()];
        var items = admit(requests, outcomes);
        var firsts = items.stream().filter(item -> item.first == null).toList();
        readFacts(firsts);

        var now = clock.instant();
        var ids = store.insertAll(source, firsts.stream()
                .map(item -> newPurchase(source, item.request, item.valid, item.hash, item.member)).toList(), now);
        var recordedBefore = store.findAll(source, firsts.stream().map(item -> item.valid.externalId())
                .filter(externalId -> !ids.containsKey(externalId)).toList());
        var groups = new ArrayList<EarnGroup>();
        var earning = new ArrayList<Item>();
        var earlier = new HashMap<Long, List<Item>>(); // the batch's purchases of each member so far
        for (var item : firsts) {
            var id = ids.get(item.valid.externalId());
            if (id == null) {
                item.stored = recordedBefore.get(item.valid.externalId());
                if (item.stored == null) {
                    throw new IllegalStateException("purchase " + item.valid.externalId() + " was neither new nor found");
                }
                continue;
            }
            item.purchaseId = id;
            if (item.member.isEmpty()) {
                item.receipt = unassigned(id, item.valid.externalId());
                continue;
            }
            long memberId = item.member.get().id().value();
            var before = earlier.computeIfAbsent(memberId, m -> new ArrayList<>());
            if (item.member.get().status() == MemberStatus.ACTIVE) {
                item.awards = awards(item.valid.basket(), factsAfter(item, before));
            }
            before.add(item);
            groups.add(new EarnGroup(memberId, earnRequests(id, memberId, item.valid.basket(), item.awards)));
            earning.add(item);
        }
        var earnings = ledger.earnAll(groups);
        var recorded = new ArrayList<PurchaseRecorded>(earning.size());
        for (int i = 0; i < earning.size(); i++) {
            var item = earning.get(i);
            long memberId = item.member.orElseThrow().id().value();
            item.earning = earnings.get(i);
            item.receipt = receipt(item.purchaseId, item.valid.basket(), memberId, item.awards, item.earning);
            recorded.add(recorded(item.purchaseId, memberId, item.valid.basket(), item.receipt.points().earned()));
        }
        var written = firsts.stream().filter(item -> item.receipt != null).map(item -> new PurchaseStore.Outcome(
                item.purchaseId, item.member.map(m -> m.id().value()).orElse(null), item.awards,
                item.earning == null ? List.of() : item.earning.earned().stream().map(Earned::transferId).toList(),
                item.valid.basket().occurredAt(), item.receipt.points().earned(), json.writeValueAsString(item.receipt)))
                .toList();
        if (!written.isEmpty()) {
            store.recordAll(written, now);
        }
        for (var item : items) {
            outcomes[item.index] = answer(item);
        }
        if (!recorded.isEmpty()) {
            events.publishEvent(new PurchaseBatchRecorded(recorded));
        }
        return List.of(outcomes);
    }

    /** An item of a batch on its way through {@link #recordAll}. */
    private static final class Item {

        final int index;
        final PurchaseRequest request;
        final Valid valid;
        final byte[] hash;
        final Optional<MemberStanding> member;
        /** An earlier item of the batch with the same receipt number, which this one repeats. */
        final Item first;
        MemberFacts facts;
        Long purchaseId;
        PurchaseStore.Stored stored;
        List<Award> awards = List.of();
        Earning earning;
        PurchaseReceipt receipt;

        Item(int index, PurchaseRequest request, Valid valid, byte[] hash, Optional<MemberStanding> member,
                Item first) {
            this.index = index;
            this.request = request;
            this.valid = valid;
            this.hash = hash;
            this.member = member;
            this.first = first;
        }
    }

    /** Validates the items and finds their members; the refused ones get their outcome at once. */
    private List<Item> admit(List<PurchaseRequest> requests, BatchOutcome[] outcomes) {
        // the members of the batch's card numbers in one query instead of one per purchase
        var cards = members.standingsBy(IdentifierKind.CARD, requests.stream()
                .filter(r -> r.memberId() == null && !blank(r.cardNumber())).map(PurchaseRequest::cardNumber).toList());
        var items = new ArrayList<Item>(requests.size());
        var byExternalId = new HashMap<String, Item>();
        for (int i = 0; i < requests.size(); i++) {
            var request = requests.get(i);
            try {
                var valid = validate(request);
                var member = request.memberId() == null && !blank(request.cardNumber())
                        ? following(Optional.ofNullable(cards.get(request.cardNumber())))
                        : resolve(request);
                var item = new Item(i, request, valid, hash(request), member, byExternalId.get(valid.externalId()));
                byExternalId.putIfAbsent(valid.externalId(), item);
                items.add(item);
            } catch (CommandRefusedException e) {
                outcomes[i] = new BatchOutcome(null, e);
            }
        }
        return items;
    }

    /**
     * The facts of the batch's earning members as of each purchase, as stored before the batch: the histories with
     * one query, the tiers with one.
     */
    private void readFacts(List<Item> items) {
        var active = items.stream().filter(item -> item.member.isPresent()
                && item.member.get().status() == MemberStatus.ACTIVE).toList();
        if (active.isEmpty()) {
            return;
        }
        var needs = rules.needs();
        var memberIds = active.stream().map(item -> item.member.get().id().value()).toList();
        var ats = active.stream().map(item -> item.valid.basket().occurredAt()).toList();
        var memberTiers = needs.tier() ? tiers.getIfAvailable() : null;
        var tierCodes = memberTiers == null ? null : memberTiers.tierCodesOf(memberIds, ats);
        var histories = store.histories(memberIds, ats, needs.purchasesBefore(), needs.usage());
        for (int i = 0; i < active.size(); i++) {
            var item = active.get(i);
            item.facts = facts(item.member.get(), tierCodes == null ? null : tierCodes.get(i), histories.get(i));
        }
    }

    /**
     * An item's facts with the member's earlier purchases of this batch counted in, as if each had been recorded
     * (and had stored its awards) before this one.
     */
    private MemberFacts factsAfter(Item item, List<Item> before) {
        if (before.isEmpty()) {
            return item.facts;
        }
        var needs = rules.needs();
        var at = item.valid.basket().occurredAt();
        long purchasesBefore = item.facts.purchasesBefore();
        if (needs.purchasesBefore()) {
            purchasesBefore += before.stream().filter(b -> b.valid.basket().occurredAt().isBefore(at)).count();
        }
        var usage = item.facts.pointsByRule();
        if (needs.usage()) {
            var day = LocalDate.ofInstant(at, ZoneOffset.UTC);
            var dayStart = day.atStartOfDay().toInstant(ZoneOffset.UTC);
            var dayEnd = dayStart.plusSeconds(86_400);
            var monthStart = day.withDayOfMonth(1).atStartOfDay().toInstant(ZoneOffset.UTC);
            var added = new HashMap<>(usage);
            for (var earlier : before) {
                var when = earlier.valid.basket().occurredAt();
                boolean today = !when.isBefore(dayStart) && when.isBefore(dayEnd);
                boolean thisMonth = !when.isBefore(monthStart) && when.isBefore(dayEnd);
                for (var award : earlier.awards) {
                    var was = item.facts.usage(award.ruleId());
                    var now = added.getOrDefault(award.ruleId(), was);
                    added.put(award.ruleId(), new MemberFacts.RuleUsage(now.today() + (today ? award.points() : 0),
                            now.thisMonth() + (thisMonth ? award.points() : 0), now.lifetime() + award.points()));
                }
            }
            usage = added;
        }
        var facts = item.facts;
        return new MemberFacts(facts.memberId(), facts.tier(), purchasesBefore, facts.birthDate(), facts.enrolledOn(),
                usage);
    }

    /** The answer to one admitted item of a batch, once the batch has been written. */
    private BatchOutcome answer(Item item) {
        try {
            if (item.first != null) {
                var first = item.first;
                if (first.stored != null) {
                    return new BatchOutcome(new Recorded<>(replay(first.stored, item.hash), false), null);
                }
                if (!Arrays.equals(first.hash, item.hash)) {
                    throw conflict(item.valid.externalId());
                }
                return new BatchOutcome(new Recorded<>(first.receipt, false), null);
            }
            if (item.stored != null) {
                return new BatchOutcome(new Recorded<>(replay(item.stored, item.hash), false), null);
            }
            return new BatchOutcome(new Recorded<>(item.receipt, true), null);
        } catch (CommandRefusedException e) {
            return new BatchOutcome(null, e);
        }
    }

    /**
     * Assigns an unassigned purchase (found by its receipt number) to a member, who then earns as of the
     * purchase's date. Used by members ("points missing?") and by support.
     */
    @Transactional
    public PurchaseReceipt claim(MemberId memberId, String externalId, String storeCode) {
        var member = members.get(memberId);
        requireActive(member);
        var candidates = store.unassigned(externalId == null ? "" : externalId.strip()).stream()
                .filter(p -> storeCode == null || storeCode.isBlank() || storeCode.strip().equals(p.storeCode()))
                .toList();
        if (candidates.isEmpty()) {
            throw new CommandRefusedException.NotFound("Unassigned purchase", externalId);
        }
        if (candidates.size() > 1) {
            throw new CommandRefusedException.Conflict("purchase-ambiguous",
                    "Several unassigned purchases have receipt number " + externalId + "; give the store too");
        }
        var purchase = store.lock(candidates.getFirst().id()).orElseThrow();
        if (purchase.memberId() != null) {
            throw new CommandRefusedException.Conflict("purchase-claimed", "This purchase was claimed meanwhile");
        }
        store.assign(purchase.id(), memberId.value(), clock.instant());
        var basket = new Basket(purchase.externalId(), purchase.storeCode(), purchase.channel(),
                purchase.occurredAt(), purchase.currency(), purchase.totalAmount(), lines(purchase.linesJson()));
        return earn(purchase.id(), basket, MemberStanding.of(member), events::publishEvent);
    }

    /**
     * Evaluates the rules, books the points and stores the awards and the receipt on the purchase: the ledger's
     * three statements, then one for the awards and the receipt together.
     */
    private PurchaseReceipt earn(long purchaseId, Basket basket, MemberStanding member,
            Consumer<PurchaseRecorded> recorded) {
        long memberId = member.id().value();
        var awards = member.status() == MemberStatus.ACTIVE ? awards(basket, facts(member, basket.occurredAt()))
                : List.<Award>of();
        var requests = earnRequests(purchaseId, memberId, basket, awards);
        var earning = requests.isEmpty() ? new Earning(List.of(), ledger.holdings(memberId))
                : ledger.earnAndHold(requests);
        var receipt = receipt(purchaseId, basket, memberId, awards, earning);
        store.recordAll(List.of(new PurchaseStore.Outcome(purchaseId, memberId, awards,
                earning.earned().stream().map(Earned::transferId).toList(), basket.occurredAt(),
                receipt.points().earned(), json.writeValueAsString(receipt))), clock.instant());
        recorded.accept(recorded(purchaseId, memberId, basket, receipt.points().earned()));
        return receipt;
    }

    /** The awards that give points. */
    private List<Award> awards(Basket basket, MemberFacts facts) {
        return rules.evaluate(basket, facts).awards().stream().filter(a -> a.points() > 0).toList();
    }

    private static List<EarnRequest> earnRequests(long purchaseId, long memberId, Basket basket, List<Award> awards) {
        return awards.stream().map(a -> new EarnRequest(memberId, a.points(), basket.occurredAt(), SOURCE_TYPE,
                Long.toString(purchaseId), a.ruleId(), a.ruleVersion(), a.explanation())).toList();
    }

    /** The receipt of a purchase that earned (the awards in the order of the earning's transfers). */
    private static PurchaseReceipt receipt(long purchaseId, Basket basket, long memberId, List<Award> awards,
            Earning earning) {
        Instant availableAt = null;
        for (var earned : earning.earned()) {
            availableAt = availableAt == null || earned.availableAt().isAfter(availableAt) ? earned.availableAt()
                    : availableAt;
        }
        var holdings = earning.holdings();
        return new PurchaseReceipt(purchaseId, basket.externalId(), memberId, true,
                new PurchaseReceipt.Points(awards.stream().mapToLong(Award::points).sum(), availableAt), views(awards),
                new PurchaseReceipt.BalanceView(holdings.available(), holdings.pending(), holdings.reserved(),
                        holdings.debt()));
    }

    private static PurchaseReceipt unassigned(long purchaseId, String externalId) {
        return new PurchaseReceipt(purchaseId, externalId, null, false, new PurchaseReceipt.Points(0, null), List.of(),
                null);
    }

    private static PurchaseRecorded recorded(long purchaseId, long memberId, Basket basket, long points) {
        return new PurchaseRecorded(purchaseId, memberId, basket.occurredAt(), basket.total(), basket.currency(),
                basket.storeCode(), points, spendByCategory(basket.lines()));
    }

    private PurchaseStore.NewPurchase newPurchase(String source, PurchaseRequest request, Valid valid, byte[] hash,
            Optional<MemberStanding> member) {
        var basket = valid.basket();
        return new PurchaseStore.NewPurchase(source, valid.externalId(), member.map(m -> m.id().value()).orElse(null),
                identifiedBy(request), basket.storeCode(), basket.channel(), basket.occurredAt(), basket.currency(),
                basket.total(), json.writeValueAsString(basket.lines()), hash);
    }

    /** What lines spent per category, as the follow-ups count it (upper case, lines without one left out). */
    private static Map<String, BigDecimal> spendByCategory(List<Basket.Line> lines) {
        var spend = new HashMap<String, BigDecimal>();
        for (var line : lines) {
            if (line.category() != null && !line.category().isBlank() && line.amount() != null) {
                spend.merge(line.category().strip().toUpperCase(Locale.ROOT), line.amount(), BigDecimal::add);
            }
        }
        return spend;
    }

    /**
     * Takes back the points of a purchase that should not have earned (support: a wrong earn) as a return of what
     * is left of it, so the ledger reverses them exactly as a return would (pending points cancelled, spent ones
     * recovered as the program's negative-balance setting says). {@code reference} is the return's id; a purchase
     * returned in full already is refused, so a second click reverses nothing twice.
     */
    @Transactional
    public Recorded<ReturnReceipt> reverseEarn(long purchaseId, String reference) {
        var purchase = store.lock(purchaseId)
                .orElseThrow(() -> new CommandRefusedException.NotFound("Purchase", purchaseId));
        var left = purchase.totalAmount().subtract(purchase.returnedAmount());
        if (left.signum() <= 0) {
            throw new CommandRefusedException.RuleViolated("nothing-to-reverse",
                    "Purchase " + purchase.externalId() + " has been returned in full already");
        }
        return returnItems(purchase.source(), purchase.externalId(), new ReturnRequest(reference, null, left));
    }

    /**
     * Returns part of a purchase: the points earned on the returned share are taken back in proportion
     * (counted on the running total so rounding never takes back more than was earned).
     */
    @Transactional
    public Recorded<ReturnReceipt> returnItems(String source, String purchaseExternalId, ReturnRequest request) {
        var problems = new ArrayList<FieldProblem>();
        var returnId = text(request.externalId(), "externalId", 100, true, problems);
        boolean byLines = request.lines() != null && !request.lines().isEmpty();
        if (byLines == (request.amount() != null)) {
            problems.add(new FieldProblem("lines", "give either lines or amount"));
        }
        if (request.amount() != null && request.amount().signum() <= 0) {
            problems.add(new FieldProblem("amount", "must be more than 0"));
        }
        if (!problems.isEmpty()) {
            throw new CommandRefusedException.InvalidInput(problems);
        }
        var found = store.find(source, purchaseExternalId)
                .orElseThrow(() -> new CommandRefusedException.NotFound("Purchase", purchaseExternalId));
        var purchase = store.lock(found.id()).orElseThrow();
        var hash = hash(request);
        var earlier = store.findReturn(purchase.id(), returnId);
        if (earlier.isPresent()) {
            if (!Arrays.equals(earlier.get().requestHash(), hash)) {
                throw new CommandRefusedException.Conflict("return-conflict",
                        "Return " + returnId + " was recorded with different content");
            }
            return new Recorded<>(json.readValue(earlier.get().responseJson(), ReturnReceipt.class), false);
        }
        var amount = byLines ? amountOfLines(purchase, request.lines()) : request.amount().setScale(2, RoundingMode.HALF_UP);
        var returnedAfter = purchase.returnedAmount().add(amount);
        if (returnedAfter.compareTo(purchase.totalAmount()) > 0) {
            throw new CommandRefusedException.RuleViolated("return-exceeds-purchase",
                    "Returning " + amount + " " + purchase.currency() + " would exceed the purchase total of "
                            + purchase.totalAmount() + " (already returned " + purchase.returnedAmount() + ")");
        }
        long pointsDue = purchase.totalAmount().signum() == 0 ? 0
                : BigDecimal.valueOf(purchase.pointsEarned()).multiply(returnedAfter)
                        .divide(purchase.totalAmount(), 0, RoundingMode.FLOOR).longValueExact()
                        - purchase.pointsReversed();
        var reversal = new Reversal(0, 0, 0);
        if (purchase.memberId() != null && pointsDue > 0) {
            reversal = ledger.reverse(purchase.memberId(), SOURCE_TYPE, Long.toString(purchase.id()), pointsDue,
                    "Return " + returnId + ": " + amount + " of " + purchase.totalAmount() + " " + purchase.currency()
                            + " returned, " + pointsDue + " points taken back",
                    clock.instant());
        }
        var now = clock.instant();
        long id = store.insertReturn(purchase.id(), purchase.memberId(), returnId, amount,
                byLines ? json.writeValueAsString(request.lines()) : null, hash, reversal.total(), now);
        store.addReturned(purchase.id(), amount, reversal.total());
        var receipt = new ReturnReceipt(id, returnId, purchase.externalId(), amount, purchase.currency(),
                new ReturnReceipt.Reversed(reversal.total(), reversal.fromPending(), reversal.fromAvailable(),
                        reversal.toDebt()),
                purchase.memberId() == null ? null : balance(purchase.memberId()));
        store.storeReturnResponse(id, json.writeValueAsString(receipt));
        if (purchase.memberId() != null) {
            events.publishEvent(new PurchaseReturned(id, purchase.id(), purchase.memberId(), amount, reversal.total()));
        }
        return new Recorded<>(receipt, true);
    }

    /** What a basket would earn and what the member could pay with points; writes nothing. */
    @Transactional(readOnly = true)
    public Quote quote(PurchaseRequest request) {
        var problems = new ArrayList<FieldProblem>();
        var basket = basket(request, false, problems);
        if (!problems.isEmpty()) {
            throw new CommandRefusedException.InvalidInput(problems);
        }
        var member = resolve(request);
        var settings = ledger.settings();
        if (member.isEmpty()) {
            return new Quote(null, 0, List.of(), 0, settings.pointValueMinor(), 0, settings.currency());
        }
        var awards = member.get().status() == MemberStatus.ACTIVE
                ? rules.evaluate(basket, facts(member.get(), basket.occurredAt())).awards().stream()
                        .filter(a -> a.points() > 0).toList()
                : List.<Award>of();
        long available = Math.max(0, ledger.holdings(member.get().id().value()).available());
        long value = settings.pointValueMinor().multiply(BigDecimal.valueOf(available))
                .setScale(0, RoundingMode.FLOOR).longValueExact();
        return new Quote(member.get().id().value(), awards.stream().mapToLong(Award::points).sum(), views(awards),
                available, settings.pointValueMinor(), value, settings.currency());
    }

    @Transactional(readOnly = true)
    public List<PurchaseSummary> recent(MemberId memberId, int limit) {
        return store.recent(memberId.value(), limit);
    }

    /** One purchase of the member with its lines; empty when there is none with this id or it is someone else's. */
    @Transactional(readOnly = true)
    public Optional<PurchaseDetail> ofMember(MemberId memberId, long purchaseId) {
        return store.ofMember(memberId.value(), purchaseId).map(summary -> new PurchaseDetail(summary,
                store.linesOf(purchaseId).map(json -> lines(json).stream()
                        .map(l -> new PurchaseDetail.Line(l.sku(), l.category(), l.quantity(), l.unitPrice(), l.amount()))
                        .toList()).orElse(List.of())));
    }

    /**
     * What a purchase of the member spent per category, as {@link PurchaseRecorded#spendByCategory()} has it; empty
     * when there is no such purchase of the member. For a follow-up given an event without it.
     */
    @Transactional(readOnly = true)
    public Map<String, BigDecimal> spendByCategory(MemberId memberId, long purchaseId) {
        return store.ofMember(memberId.value(), purchaseId).flatMap(summary -> store.linesOf(purchaseId))
                .map(json -> spendByCategory(lines(json))).orElse(Map.of());
    }

    @Transactional(readOnly = true)
    public List<PurchaseSummary> unassigned(String externalId) {
        return store.unassigned(externalId).stream()
                .map(p -> new PurchaseSummary(p.id(), p.externalId(), null, p.storeCode(), p.channel(), p.occurredAt(),
                        p.currency(), p.totalAmount(), p.returnedAmount(), 0, 0, List.of()))
                .toList();
    }

    // ---- helpers

    /** The member's facts for the rules; only what some active rule reads is looked up (at most two queries). */
    private MemberFacts facts(MemberStanding member, Instant at) {
        long memberId = member.id().value();
        var needs = rules.needs();
        var memberTiers = needs.tier() ? tiers.getIfAvailable() : null;
        var tier = memberTiers == null ? null : memberTiers.tierCodeOf(memberId, at);
        return facts(member, tier, store.history(memberId, at, needs.purchasesBefore(), needs.usage()));
    }

    private static MemberFacts facts(MemberStanding member, String tier, PurchaseStore.History history) {
        return new MemberFacts(member.id().value(), tier, history.purchasesBefore(), member.birthDate(),
                LocalDate.ofInstant(member.createdAt(), ZoneOffset.UTC), history.usage());
    }

    private PurchaseReceipt replay(PurchaseStore.Stored existing, byte[] hash) {
        if (!Arrays.equals(existing.requestHash(), hash)) {
            throw conflict(existing.externalId());
        }
        return json.readValue(existing.responseJson(), PurchaseReceipt.class);
    }

    private static CommandRefusedException conflict(String externalId) {
        return new CommandRefusedException.Conflict("purchase-conflict", "Purchase " + externalId
                + " was recorded with different content; send a new receipt number or a return");
    }

    private Optional<MemberStanding> resolve(PurchaseRequest request) {
        Optional<MemberStanding> member;
        if (request.memberId() != null) {
            member = members.standing(new MemberId(request.memberId()));
        } else if (!blank(request.cardNumber())) {
            member = members.standingBy(IdentifierKind.CARD, request.cardNumber());
        } else if (!blank(request.email())) {
            member = members.standingBy(IdentifierKind.EMAIL, request.email());
        } else if (!blank(request.phone())) {
            member = members.standingBy(IdentifierKind.PHONE, request.phone());
        } else {
            member = Optional.empty();
        }
        return following(member);
    }

    /** The member found, or for a merged member the member it lives on in (who gets its purchases). */
    private Optional<MemberStanding> following(Optional<MemberStanding> member) {
        return member.map(m -> m.status() == MemberStatus.MERGED && m.mergedInto() != null
                ? members.standing(new MemberId(m.mergedInto()))
                        .orElseThrow(() -> new CommandRefusedException.NotFound("Member", new MemberId(m.mergedInto())))
                : m);
    }

    private static String identifiedBy(PurchaseRequest request) {
        if (request.memberId() != null) {
            return "member:" + request.memberId();
        }
        if (!blank(request.cardNumber())) {
            return "card:" + request.cardNumber().strip();
        }
        if (!blank(request.email())) {
            return "email:" + request.email().strip().toLowerCase(Locale.ROOT);
        }
        return blank(request.phone()) ? null : "phone:" + request.phone().strip();
    }

    private static void requireActive(Member member) {
        if (member.status() != MemberStatus.ACTIVE) {
            throw new CommandRefusedException.RuleViolated("member-not-active",
                    "Member " + member.id() + " is " + member.status().name().toLowerCase(Locale.ROOT));
        }
    }

    private PurchaseReceipt.BalanceView balance(long memberId) {
        var holdings = ledger.holdings(memberId);
        return new PurchaseReceipt.BalanceView(holdings.available(), holdings.pending(), holdings.reserved(),
                holdings.debt());
    }

    private static List<PurchaseReceipt.AwardView> views(List<Award> awards) {
        return awards.stream().map(a -> new PurchaseReceipt.AwardView(a.ruleId(), a.ruleVersion(), a.ruleName(),
                a.points(), a.explanation())).toList();
    }

    private record Valid(String externalId, Basket basket) {
    }

    private Valid validate(PurchaseRequest request) {
        var problems = new ArrayList<FieldProblem>();
        var externalId = text(request.externalId(), "externalId", 100, true, problems);
        var basket = basket(request, true, problems);
        if (request.memberId() != null && request.memberId() <= 0) {
            problems.add(new FieldProblem("memberId", "must be a member id"));
        }
        if (!problems.isEmpty()) {
            throw new CommandRefusedException.InvalidInput(problems);
        }
        return new Valid(externalId, basket);
    }

    private Basket basket(PurchaseRequest request, boolean occurredAtRequired, List<FieldProblem> problems) {
        var now = clock.instant();
        Instant occurredAt = now.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        if (!blank(request.occurredAt())) {
            try {
                // PostgreSQL keeps microseconds: cut here, so that every path (single, batch, the rules' view of
                // the purchases before) sees the time that is stored
                occurredAt = java.time.OffsetDateTime.parse(request.occurredAt().strip()).toInstant()
                        .truncatedTo(java.time.temporal.ChronoUnit.MICROS);
                if (occurredAt.isAfter(now.plus(CLOCK_SKEW_MAX))) {
                    problems.add(new FieldProblem("occurredAt", "lies in the future"));
                }
            } catch (DateTimeParseException e) {
                problems.add(new FieldProblem("occurredAt", "use ISO-8601 with an offset, e.g. 2026-11-23T10:15:00Z"));
            }
        } else if (occurredAtRequired) {
            problems.add(new FieldProblem("occurredAt", "is required"));
        }
        var storeCode = blank(request.storeId()) ? null : request.storeId().strip();
        if (storeCode != null && !knownStore(storeCode)) {
            problems.add(new FieldProblem("storeId", "is not a known store code"));
        }
        var channel = blank(request.channel()) ? "POS" : request.channel().strip().toUpperCase(Locale.ROOT);
        if (channel.length() > 30) {
            problems.add(new FieldProblem("channel", "must have at most 30 characters"));
        }
        var currency = blank(request.currency()) ? null : request.currency().strip().toUpperCase(Locale.ROOT);
        if (currency == null || !currency.matches("[A-Z]{3}")) {
            problems.add(new FieldProblem("currency", "must be an ISO 4217 code such as EUR"));
        }
        var total = request.totalAmount();
        if (total == null) {
            problems.add(new FieldProblem("totalAmount", "is required"));
        } else if (total.signum() < 0 || total.scale() > 2 || total.compareTo(new BigDecimal("100000000")) >= 0) {
            problems.add(new FieldProblem("totalAmount", "must be 0 or more with at most 2 decimals"));
        }
        var lines = new ArrayList<Basket.Line>();
        var given = request.lines() == null ? List.<PurchaseRequest.Line>of() : request.lines();
        if (given.size() > LINES_MAX) {
            problems.add(new FieldProblem("lines", "at most " + LINES_MAX + " lines"));
        }
        for (int i = 0; i < given.size() && i < LINES_MAX; i++) {
            var line = given.get(i);
            var prefix = "lines[" + i + "].";
            if (line == null) {
                problems.add(new FieldProblem("lines[" + i + "]", "is empty"));
                continue;
            }
            var sku = text(line.sku(), prefix + "sku", 100, true, problems);
            var quantity = line.quantity() == null ? BigDecimal.ONE : line.quantity();
            if (quantity.signum() <= 0) {
                problems.add(new FieldProblem(prefix + "quantity", "must be more than 0"));
            }
            var amount = line.amount();
            if (amount == null && line.unitPrice() != null) {
                amount = line.unitPrice().multiply(quantity).setScale(2, RoundingMode.HALF_UP);
            }
            if (amount == null || amount.signum() < 0) {
                problems.add(new FieldProblem(prefix + "amount", "is required and must be 0 or more"));
            }
            lines.add(new Basket.Line(sku, blank(line.category()) ? null : line.category().strip(), quantity,
                    line.unitPrice(), amount));
        }
        return new Basket(blank(request.externalId()) ? null : request.externalId().strip(), storeCode, channel,
                occurredAt, currency, total == null ? BigDecimal.ZERO : total.setScale(2, RoundingMode.HALF_UP), lines);
    }

    /**
     * Whether a store with this code exists. Stores are never deleted and keep their code, so a code once found is
     * remembered (up to {@link #STORES_REMEMBERED} of them) and costs no query on the next purchase.
     */
    private boolean knownStore(String code) {
        if (knownStores.contains(code)) {
            return true;
        }
        boolean known = stores.byCode(code).isPresent();
        if (known && knownStores.size() < STORES_REMEMBERED) {
            knownStores.add(code);
        }
        return known;
    }

    private static final int STORES_REMEMBERED = 10_000;
    private final java.util.Set<String> knownStores = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private BigDecimal amountOfLines(PurchaseStore.Stored purchase, List<ReturnRequest.Line> returned) {
        var bought = new HashMap<String, Basket.Line>();
        lines(purchase.linesJson()).forEach(l -> bought.merge(l.sku(), l, (a, b) -> new Basket.Line(a.sku(),
                a.category(), a.quantity().add(b.quantity()), a.unitPrice(), a.amount().add(b.amount()))));
        var already = store.returnedQuantities(purchase.id());
        var problems = new ArrayList<FieldProblem>();
        var amount = BigDecimal.ZERO;
        for (int i = 0; i < returned.size(); i++) {
            var line = returned.get(i);
            var field = "lines[" + i + "]";
            var original = line == null || line.sku() == null ? null : bought.get(line.sku());
            if (original == null) {
                problems.add(new FieldProblem(field + ".sku", "was not part of the purchase"));
                continue;
            }
            var quantity = line.quantity() == null ? BigDecimal.ONE : line.quantity();
            var left = original.quantity().subtract(already.getOrDefault(line.sku(), BigDecimal.ZERO));
            if (quantity.signum() <= 0 || quantity.compareTo(left) > 0) {
                problems.add(new FieldProblem(field + ".quantity", "must be between 0 and " + left.stripTrailingZeros()
                        .toPlainString() + " (what is left to return)"));
                continue;
            }
            amount = amount.add(original.amount().multiply(quantity).divide(original.quantity(), 2, RoundingMode.HALF_UP));
        }
        if (!problems.isEmpty()) {
            throw new CommandRefusedException.RuleViolated("return-exceeds-purchase", problems.stream()
                    .map(p -> p.field() + " " + p.message()).reduce((a, b) -> a + "; " + b).orElse(""));
        }
        return amount;
    }

    private List<Basket.Line> lines(String linesJson) {
        return json.readValue(linesJson, new TypeReference<List<Basket.Line>>() {
        });
    }

    private byte[] hash(Object request) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(json.writeValueAsString(request)
                    .getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String text(String value, String field, int max, boolean required, List<FieldProblem> problems) {
        if (blank(value)) {
            if (required) {
                problems.add(new FieldProblem(field, "is required"));
            }
            return null;
        }
        if (value.strip().length() > max) {
            problems.add(new FieldProblem(field, "must have at most " + max + " characters"));
            return null;
        }
        return value.strip();
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
