package io.loyaltydesk.support;

import io.loyaltydesk.members.MemberId;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.platform.FieldProblem;
import io.loyaltydesk.purchases.Purchases;
import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.staff.AuditTrail;
import io.loyaltydesk.staff.Stores;
import io.loyaltydesk.tiers.Tiers;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Missing-points claims: a member who got no points for a purchase says which receipt it was ("Points missing?" in
 * the portal); the claim arrives in the desk as a conversation of its own kind. The desk looks for unassigned
 * purchases with that receipt number, and the agent attaches the right one: the purchase is claimed for the member
 * through {@link Purchases#claim}, so the points earn as of the purchase's date under the rules of that day, the
 * attach is audited, the thread gets a system line and the member a reply saying what was added.
 */
@Service
public class MissingPointsClaims {

    public static final int RECEIPT_MAX = 64;
    public static final int NOTE_MAX = 2_000;
    /** How far back a member may claim: a receipt older than this is refused in the form. */
    public static final int DAYS_BACK_MAX = 365;
    private static final BigDecimal AMOUNT_MAX = new BigDecimal("1000000");

    private final JdbcClient jdbc;
    private final Conversations conversations;
    private final Purchases purchases;
    private final Members members;
    private final Stores stores;
    private final Tiers tiers;
    private final AuditTrail audit;
    private final MessageSource messages;
    private final Clock clock;

    MissingPointsClaims(JdbcClient jdbc, Conversations conversations, Purchases purchases, Members members,
            Stores stores, Tiers tiers, AuditTrail audit, MessageSource messages, Clock clock) {
        this.jdbc = jdbc;
        this.conversations = conversations;
        this.purchases = purchases;
        this.members = members;
        this.stores = stores;
        this.tiers = tiers;
        this.audit = audit;
        this.messages = messages;
        this.clock = clock;
    }

    /** Opens the member's claim as a conversation of its own kind; every bad field is reported at once. */
    @Transactional
    public Claim open(long memberId, NewClaim request) {
        var problems = new ArrayList<FieldProblem>();
        var receipt = strip(request.receiptNumber());
        if (receipt == null) {
            problems.add(new FieldProblem("receiptNumber", "is required"));
        } else if (receipt.length() > RECEIPT_MAX) {
            problems.add(new FieldProblem("receiptNumber", "must have at most " + RECEIPT_MAX + " characters"));
        }
        var store = strip(request.storeCode());
        if (store != null && stores.byCode(store).isEmpty()) {
            problems.add(new FieldProblem("storeCode", "is not one of our stores"));
        }
        var day = day(request.purchasedOn(), problems);
        var amount = amount(request.amount(), problems);
        var note = strip(request.note());
        if (note != null && note.length() > NOTE_MAX) {
            problems.add(new FieldProblem("note", "must have at most " + NOTE_MAX + " characters"));
        }
        if (!problems.isEmpty()) {
            throw new CommandRefusedException.InvalidInput(problems);
        }
        var member = members.get(new MemberId(memberId));
        var locale = locale(member.locale());
        var storeName = store == null ? text(locale, "support.claim.store.unknown")
                : stores.byCode(store).map(s -> s.name() + " (" + store + ")").orElse(store);
        var message = text(locale, "support.claim.message", receipt, storeName, day.toString(), amount.toPlainString())
                + (note == null ? "" : "\n\n" + note);
        var conversation = conversations.openForMember(memberId, Conversation.Channel.WEB_FORM,
                text(locale, "support.claim.subject", receipt), message);
        jdbc.sql("""
                insert into conversation_claims (conversation_id, member_id, kind, receipt_number, store_code,
                                                 purchased_on, amount, note, created_at)
                values (:conversation, :member, 'MISSING_POINTS', :receipt, :store, :day, :amount, :note, :now)
                """)
                .param("conversation", conversation.id()).param("member", memberId).param("receipt", receipt)
                .param("store", store).param("day", Date.valueOf(day)).param("amount", amount).param("note", note)
                .param("now", Timestamp.from(clock.instant())).update();
        var claim = find(conversation.id()).orElseThrow();
        audit.record("conversation.claim-opened", "conversation", conversation.id(), null, claim, null);
        return claim;
    }

    @Transactional(readOnly = true)
    public Optional<Claim> find(long conversationId) {
        return jdbc.sql("select * from conversation_claims where conversation_id = :id").param("id", conversationId)
                .query(MissingPointsClaims::claim).optional();
    }

    /** The claims of some conversations (a page of the queue), by conversation id. */
    @Transactional(readOnly = true)
    public Map<Long, Claim> of(Collection<Long> conversationIds) {
        var found = new LinkedHashMap<Long, Claim>();
        if (conversationIds.isEmpty()) {
            return found;
        }
        jdbc.sql("select * from conversation_claims where conversation_id in (:ids)").param("ids", conversationIds)
                .query(MissingPointsClaims::claim).list().forEach(c -> found.put(c.conversationId(), c));
        return found;
    }

    /**
     * The unassigned purchases with the claim's receipt number, those agreeing on store, day and amount first.
     * Empty once the claim is attached, or when no such purchase arrived (yet).
     */
    @Transactional(readOnly = true)
    public List<ClaimCandidate> candidates(Claim claim) {
        if (claim.attached()) {
            return List.of();
        }
        var zone = tiers.zone();
        return purchases.unassigned(claim.receiptNumber()).stream()
                .map(p -> new ClaimCandidate(p,
                        claim.storeCode() == null || claim.storeCode().equals(p.storeCode()),
                        LocalDate.ofInstant(p.occurredAt(), zone).equals(claim.purchasedOn()),
                        p.totalAmount() != null && p.totalAmount().compareTo(claim.amount()) == 0))
                .sorted(Comparator.comparing((ClaimCandidate c) -> !c.exact())
                        .thenComparing(c -> !c.storeMatches()).thenComparing(c -> c.purchase().id()))
                .toList();
    }

    /**
     * Attaches an unassigned purchase to the claim's member: the member earns its points as of the purchase's date.
     * The purchase must be one of the claim's candidates. Attaching the same purchase again changes nothing.
     */
    @Transactional
    public Claim attach(long conversationId, long purchaseId) {
        var before = jdbc.sql("select * from conversation_claims where conversation_id = :id for update")
                .param("id", conversationId).query(MissingPointsClaims::claim).optional()
                .orElseThrow(() -> new CommandRefusedException.NotFound("Claim", conversationId));
        if (before.attached()) {
            if (before.purchaseId() == purchaseId) {
                return before;
            }
            throw new CommandRefusedException.RuleViolated("claim-attached",
                    "This claim already has purchase " + before.purchaseId() + " attached");
        }
        var candidate = candidates(before).stream().filter(c -> c.purchase().id() == purchaseId).findFirst()
                .orElseThrow(() -> new CommandRefusedException.RuleViolated("purchase-not-claimable",
                        "Purchase " + purchaseId + " is not an unassigned purchase with receipt number "
                                + before.receiptNumber()));
        var purchase = candidate.purchase();
        var receipt = purchases.claim(new MemberId(before.memberId()), purchase.externalId(), purchase.storeCode());
        var now = clock.instant();
        var who = Actor.current().name();
        jdbc.sql("""
                update conversation_claims set purchase_id = :purchase, points_earned = :points, attached_by = :who,
                       attached_at = :now
                 where conversation_id = :id
                """)
                .param("purchase", purchaseId).param("points", receipt.points().earned()).param("who", who)
                .param("now", Timestamp.from(now)).param("id", conversationId).update();
        var after = find(conversationId).orElseThrow();
        var day = DateTimeFormatter.ISO_LOCAL_DATE.format(purchase.occurredAt().atZone(tiers.zone()));
        conversations.addSystemLine(conversationId, who + " attached purchase " + purchase.externalId() + " of " + day
                + (purchase.storeCode() == null ? "" : " (" + purchase.storeCode() + ")") + ": "
                + receipt.points().earned() + " points earned as of " + day);
        var member = members.get(new MemberId(before.memberId()));
        conversations.reply(conversationId, text(locale(member.locale()), "support.claim.reply",
                member.firstName() != null ? member.firstName() : member.displayName(),
                purchase.externalId(), day, receipt.points().earned()), Conversation.Status.SOLVED);
        audit.record("conversation.claim-attached", "conversation", conversationId, before, after, null);
        return after;
    }

    private LocalDate day(String text, List<FieldProblem> problems) {
        var value = strip(text);
        if (value == null) {
            problems.add(new FieldProblem("purchasedOn", "is required"));
            return null;
        }
        try {
            var day = LocalDate.parse(value);
            var today = LocalDate.ofInstant(clock.instant(), tiers.zone());
            if (day.isAfter(today)) {
                problems.add(new FieldProblem("purchasedOn", "is in the future"));
            } else if (day.isBefore(today.minusDays(DAYS_BACK_MAX))) {
                problems.add(new FieldProblem("purchasedOn", "is more than " + DAYS_BACK_MAX + " days ago"));
            }
            return day;
        } catch (DateTimeParseException e) {
            problems.add(new FieldProblem("purchasedOn", "is not a date (YYYY-MM-DD)"));
            return null;
        }
    }

    private static BigDecimal amount(String text, List<FieldProblem> problems) {
        var value = strip(text);
        if (value == null) {
            problems.add(new FieldProblem("amount", "is required"));
            return null;
        }
        try {
            var amount = new BigDecimal(value.replace(',', '.'));
            if (amount.signum() <= 0 || amount.compareTo(AMOUNT_MAX) >= 0 || amount.scale() > 2) {
                problems.add(new FieldProblem("amount", "must be a positive amount with at most two decimals"));
            }
            return amount;
        } catch (NumberFormatException e) {
            problems.add(new FieldProblem("amount", "is not an amount"));
            return null;
        }
    }

    private String text(Locale locale, String key, Object... args) {
        return messages.getMessage(key, args, locale);
    }

    private static Locale locale(String tag) {
        return tag == null || tag.isBlank() ? Locale.ENGLISH : Locale.forLanguageTag(tag);
    }

    private static String strip(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static Claim claim(ResultSet rs, int row) throws SQLException {
        long purchase = rs.getLong("purchase_id");
        Long purchaseId = rs.wasNull() ? null : purchase;
        long points = rs.getLong("points_earned");
        Long pointsEarned = rs.wasNull() ? null : points;
        var attachedAt = rs.getTimestamp("attached_at");
        return new Claim(rs.getLong("conversation_id"), rs.getLong("member_id"),
                Claim.Kind.valueOf(rs.getString("kind")), rs.getString("receipt_number"), rs.getString("store_code"),
                rs.getDate("purchased_on").toLocalDate(), rs.getBigDecimal("amount"), rs.getString("note"),
                purchaseId, pointsEarned, rs.getString("attached_by"),
                attachedAt == null ? null : attachedAt.toInstant(), rs.getTimestamp("created_at").toInstant());
    }
}
