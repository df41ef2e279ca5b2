package io.loyaltydesk.cards.internal;

import io.loyaltydesk.cards.BlockReason;
import io.loyaltydesk.cards.Card;
import io.loyaltydesk.cards.CardReplacement;
import io.loyaltydesk.cards.CardStatus;
import io.loyaltydesk.cards.Cards;
import io.loyaltydesk.members.MemberId;
import io.loyaltydesk.staff.Access;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Cards", description = "A member's loyalty cards: list with status, block, replace")
class CardsApi {

    private final Cards cards;

    CardsApi(Cards cards) {
        this.cards = cards;
    }

    record CardView(String number, CardStatus status, BlockReason blockReason, String comment, Instant blockedAt,
            String blockedBy, String replacedBy, String replaces, Instant issuedAt, String issuedBy) {

        static CardView of(Card c) {
            return new CardView(c.number(), c.status(), c.blockReason(), c.comment(), c.blockedAt(), c.blockedBy(),
                    c.replacedBy(), c.replaces(), c.issuedAt(), c.issuedBy());
        }
    }

    record BlockRequest(String reason, String comment) {
    }

    record ReplaceRequest(String reason, String newNumber, String comment) {
    }

    record ReplacementView(CardView replaced, CardView issued) {

        static ReplacementView of(CardReplacement r) {
            return new ReplacementView(CardView.of(r.replaced()), CardView.of(r.issued()));
        }
    }

    @GetMapping("/api/v1/members/{id}/cards")
    @PreAuthorize(Access.API_MEMBERS_READ)
    @Operation(summary = "A member's cards with their status", description = "Active cards first (the primary "
            + "card leading), then blocked and replaced cards, newest first.")
    List<CardView> list(@PathVariable long id) {
        return cards.ofMember(new MemberId(id)).stream().map(CardView::of).toList();
    }

    @PostMapping("/api/v1/members/{id}/cards/{number}/block")
    @PreAuthorize(Access.API_MEMBERS_WRITE)
    @Operation(summary = "Block a card", description = "`reason` is LOST, STOLEN or DAMAGED. The number no longer "
            + "finds the member (purchases with it are recorded without a member) and is never given to anyone else. "
            + "Blocking a blocked card changes nothing and answers with the card as it is.")
    CardView block(@PathVariable long id, @PathVariable String number, @RequestBody(required = false) BlockRequest request) {
        var body = request == null ? new BlockRequest(null, null) : request;
        return CardView.of(cards.block(new MemberId(id), number, reason(body.reason()), body.comment()));
    }

    @PostMapping("/api/v1/members/{id}/cards/{number}/replace")
    @PreAuthorize(Access.API_MEMBERS_WRITE)
    @Operation(summary = "Replace a card", description = "Blocks the card (unless it is blocked already; then "
            + "`reason` may be left out) and issues a new one on the same account: `newNumber` when a pre-printed card "
            + "is handed over, otherwise a new number in the program's format with a Luhn check digit. Replacing a "
            + "replaced card issues nothing new and answers with the card that replaced it.")
    ReplacementView replace(@PathVariable long id, @PathVariable String number,
            @RequestBody(required = false) ReplaceRequest request) {
        var body = request == null ? new ReplaceRequest(null, null, null) : request;
        return ReplacementView.of(cards.replace(new MemberId(id), number, reason(body.reason()), body.newNumber(),
                body.comment()));
    }

    private static BlockReason reason(String value) {
        return BlockReason.parse(value);
    }
}
