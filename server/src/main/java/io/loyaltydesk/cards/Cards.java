package io.loyaltydesk.cards;

import io.loyaltydesk.cards.internal.CardNumbers;
import io.loyaltydesk.cards.internal.CardRecords;
import io.loyaltydesk.members.Identifier;
import io.loyaltydesk.members.IdentifierKind;
import io.loyaltydesk.members.Member;
import io.loyaltydesk.members.MemberId;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.staff.AuditTrail;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A member's loyalty cards: which are active, blocking one, replacing one. Each command is one transaction,
 * audited on the member, and safe to retry: blocking a blocked card changes nothing, replacing a replaced card
 * answers with the card that replaced it instead of issuing another.
 */
@Service
public class Cards {

    private static final int GENERATION_ATTEMPTS = 20;

    private final Members members;
    private final CardRecords records;
    private final CardNumbers numbers;
    private final AuditTrail audit;
    private final Clock clock;

    Cards(Members members, CardRecords records, CardNumbers numbers, AuditTrail audit, Clock clock) {
        this.members = members;
        this.records = records;
        this.numbers = numbers;
        this.audit = audit;
        this.clock = clock;
    }

    /** The member's cards: the active ones first (the primary card leading), then blocked and replaced ones, newest first. */
    @Transactional(readOnly = true)
    public List<Card> ofMember(MemberId id) {
        return list(members.get(id));
    }

    /** The card the member shows at the till: the primary active card, if the member has one. */
    @Transactional(readOnly = true)
    public Optional<Card> active(MemberId id) {
        return ofMember(id).stream().filter(Card::active).findFirst();
    }

    /** Blocks an active card of the member: from now on the number finds nobody. */
    @Transactional
    public Card block(MemberId id, String number, BlockReason reason, String comment) {
        records.lockMember(id);
        var member = members.get(id);
        var card = clean(number);
        var existing = records.find(id, card);
        if (existing.isPresent() && !existing.get().active()) {
            return existing.get();
        }
        requireReason(reason);
        return blockActive(member, card, reason, clean(comment));
    }

    /**
     * Replaces a card: blocks it (unless it is blocked already) and gives the member a new card, which keeps the
     * member's account and so the balance. The new number is {@code newNumber} when staff type the number of a
     * physical card, otherwise a new number in the program's format.
     */
    @Transactional
    public CardReplacement replace(MemberId id, String number, BlockReason reason, String newNumber, String comment) {
        records.lockMember(id);
        var member = members.get(id);
        var card = clean(number);
        var typed = typedNumber(newNumber);
        var existing = records.find(id, card);
        if (existing.isPresent() && existing.get().status() == CardStatus.REPLACED) {
            var replacedBy = existing.get().replacedBy();
            if (typed != null && !typed.equals(replacedBy)) {
                throw new CommandRefusedException.Conflict("card-already-replaced",
                        "Card " + card + " was already replaced by card " + replacedBy);
            }
            return new CardReplacement(existing.get(), records.find(id, replacedBy)
                    .orElseThrow(() -> new CommandRefusedException.NotFound("Card", replacedBy)));
        }
        boolean alreadyBlocked = existing.isPresent() && existing.get().status() == CardStatus.BLOCKED;
        if (!alreadyBlocked) {
            requireReason(reason);
            requireActiveCard(member, card);
        }
        if (typed != null && (members.identifierTaken(IdentifierKind.CARD, typed) || records.numberKnown(typed))) {
            throw new CommandRefusedException.Conflict("identifier-taken",
                    "Card number " + typed + " already belongs to a member");
        }
        var note = clean(comment);
        var blocked = alreadyBlocked ? existing.get() : blockActive(member, card, reason, note);
        var issued = typed != null ? typed : freshNumber();
        var by = Actor.current().name();
        members.addIdentifier(id, IdentifierKind.CARD, issued, "replaces card " + card);
        records.markReplaced(id, card, issued);
        records.issue(id, issued, card, by, clock.instant());
        var replaced = records.find(id, card).orElseThrow();
        var newCard = records.find(id, issued).orElseThrow();
        audit.record("card.replaced", "member", id, state(blocked), Map.of("card", card, "status",
                replaced.status().name(), "replacedBy", issued), note);
        return new CardReplacement(replaced, newCard);
    }

    private Card blockActive(Member member, String card, BlockReason reason, String comment) {
        var identifier = requireActiveCard(member, card);
        var why = reason.name().toLowerCase(java.util.Locale.ROOT) + (comment == null ? "" : ": " + comment);
        members.retireIdentifier(member.id(), IdentifierKind.CARD, card, "card blocked (" + why + ")");
        var before = records.find(member.id(), card);
        records.block(member.id(), card, reason, comment, Actor.current().name(),
                before.map(Card::issuedAt).orElse(identifier.createdAt()), clock.instant());
        var after = records.find(member.id(), card).orElseThrow();
        audit.record("card.blocked", "member", member.id(), Map.of("card", card, "status", CardStatus.ACTIVE.name()),
                state(after), comment);
        return after;
    }

    private Identifier requireActiveCard(Member member, String card) {
        return member.identifiers().stream()
                .filter(i -> i.kind() == IdentifierKind.CARD && i.value().equals(card))
                .findFirst()
                .orElseThrow(() -> new CommandRefusedException.NotFound("Card", card));
    }

    private List<Card> list(Member member) {
        var rows = records.ofMember(member.id()).stream()
                .collect(Collectors.toMap(Card::number, Function.identity(), (a, b) -> a, LinkedHashMap::new));
        var cards = new ArrayList<Card>();
        member.identifiers().stream().filter(i -> i.kind() == IdentifierKind.CARD)
                .sorted(Comparator.comparing(Identifier::primary).reversed())
                .forEach(i -> {
                    var row = rows.get(i.value());
                    cards.add(row != null && row.active() ? row : new Card(member.id(), i.value(), CardStatus.ACTIVE,
                            null, null, null, null, null, null, i.createdAt(), null));
                });
        rows.values().stream().filter(c -> !c.active())
                .sorted(Comparator.comparing(Card::blockedAt, Comparator.nullsLast(Comparator.reverseOrder())))
                .forEach(cards::add);
        return cards;
    }

    private String typedNumber(String newNumber) {
        var value = clean(newNumber);
        if (value == null) {
            return null;
        }
        String normalised;
        try {
            normalised = members.normalised(IdentifierKind.CARD, value);
        } catch (CommandRefusedException.InvalidInput e) {
            throw new CommandRefusedException.InvalidInput("newNumber", e.problems().getFirst().message());
        }
        if (numbers.mistyped(normalised)) {
            throw new CommandRefusedException.InvalidInput("newNumber",
                    "the check digit does not match; check the number printed on the card");
        }
        return normalised;
    }

    private String freshNumber() {
        for (int i = 0; i < GENERATION_ATTEMPTS; i++) {
            var candidate = numbers.next();
            if (!members.identifierTaken(IdentifierKind.CARD, candidate) && !records.numberKnown(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("No free card number after " + GENERATION_ATTEMPTS
                + " attempts; make loyaltydesk.cards.number-digits larger");
    }

    private static void requireReason(BlockReason reason) {
        if (reason == null) {
            throw new CommandRefusedException.InvalidInput("reason", "choose why: LOST, STOLEN or DAMAGED");
        }
    }

    private static Map<String, Object> state(Card card) {
        var state = new LinkedHashMap<String, Object>();
        state.put("card", card.number());
        state.put("status", card.status().name());
        if (card.blockReason() != null) {
            state.put("reason", card.blockReason().name());
        }
        if (card.replacedBy() != null) {
            state.put("replacedBy", card.replacedBy());
        }
        return state;
    }

    private static String clean(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
