package io.loyaltydesk.support.internal;

import io.loyaltydesk.cards.BlockReason;
import io.loyaltydesk.cards.Card;
import io.loyaltydesk.cards.CardReplacement;
import io.loyaltydesk.cards.Cards;
import io.loyaltydesk.members.MemberId;
import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.purchases.Purchases;
import io.loyaltydesk.purchases.ReturnReceipt;
import io.loyaltydesk.rewards.Redemption;
import io.loyaltydesk.rewards.Redemptions;
import io.loyaltydesk.staff.Access;
import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.staff.AuditTrail;
import io.loyaltydesk.support.Conversation;
import io.loyaltydesk.support.Conversations;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Loyalty actions on the member panel besides goodwill: cancel one of the member's open redemptions (points and
 * stock come back through the rewards module), send a voucher code again (as a reply in the thread, the
 * member's channel), reverse the points of a purchase that should not have earned, and block or replace the
 * member's loyalty card (through the cards module). Each is audited on the conversation and leaves a system line.
 */
@Controller
class DeskLoyaltyActions {

    /** The commands, each one transaction. */
    @Service
    static class Actions {

        private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

        private final Conversations conversations;
        private final Redemptions redemptions;
        private final Purchases purchases;
        private final AuditTrail audit;
        private final Cards cards;

        Actions(Conversations conversations, Redemptions redemptions, Purchases purchases, AuditTrail audit,
                Cards cards) {
            this.conversations = conversations;
            this.redemptions = redemptions;
            this.purchases = purchases;
            this.audit = audit;
            this.cards = cards;
        }

        /** Blocks one of the linked member's cards; a card that is blocked already stays as it is, without a new line. */
        @Transactional
        public Card blockCard(long conversationId, String number, String reason, String comment) {
            var memberId = linkedMember(conversationId);
            var blockReason = BlockReason.parse(reason);
            var wasActive = activeCard(memberId, number);
            var card = cards.block(memberId, number, blockReason, comment);
            if (wasActive) {
                conversations.addSystemLine(conversationId, Actor.current().name() + " blocked card " + card.number()
                        + " (" + describe(card.blockReason(), comment) + ")");
                audit.record("conversation.card-blocked", "conversation", conversationId,
                        Map.of("card", card.number(), "status", "ACTIVE"),
                        Map.of("card", card.number(), "status", card.status().name()), comment);
            }
            return card;
        }

        /** Replaces one of the linked member's cards; replacing it again answers with the same new card. */
        @Transactional
        public CardReplacement replaceCard(long conversationId, String number, String reason, String newNumber,
                String comment) {
            var memberId = linkedMember(conversationId);
            var blockReason = BlockReason.parse(reason);
            boolean wasReplaced = cards.ofMember(memberId).stream()
                    .anyMatch(c -> c.number().equals(strip(number)) && c.replacedBy() != null);
            var replacement = cards.replace(memberId, number, blockReason, newNumber, comment);
            if (!wasReplaced) {
                conversations.addSystemLine(conversationId, Actor.current().name() + " replaced card "
                        + replacement.replaced().number() + " (" + describe(replacement.replaced().blockReason(), comment)
                        + ") with card " + replacement.issued().number() + "; the points stay on the account");
                audit.record("conversation.card-replaced", "conversation", conversationId,
                        Map.of("card", replacement.replaced().number()),
                        Map.of("card", replacement.replaced().number(), "replacedBy", replacement.issued().number()),
                        comment);
            }
            return replacement;
        }

        private MemberId linkedMember(long conversationId) {
            var conversation = conversations.lockForChange(conversationId);
            if (conversation.memberId() == null) {
                throw new CommandRefusedException.RuleViolated("no-member",
                        "Link the conversation to a member first");
            }
            return new MemberId(conversation.memberId());
        }

        private boolean activeCard(MemberId memberId, String number) {
            return cards.ofMember(memberId).stream().anyMatch(c -> c.active() && c.number().equals(strip(number)));
        }

        private static String strip(String text) {
            return text == null ? "" : text.strip();
        }

        private static String describe(BlockReason reason, String comment) {
            var text = reason == null ? "" : reason.name().toLowerCase(Locale.ROOT);
            return comment == null || comment.isBlank() ? text : text + ": " + comment.strip();
        }

        /**
         * Takes back what one of the member's purchases earned (a purchase booked on the wrong card, say), as a
         * return of what is left of it, through the purchases module.
         */
        @Transactional
        public ReturnReceipt reverseEarn(long conversationId, long purchaseId, String reason) {
            if (reason == null || reason.isBlank()) {
                throw new CommandRefusedException.InvalidInput("reason", "is required");
            }
            var conversation = conversations.lockForChange(conversationId);
            if (conversation.memberId() == null) {
                throw new CommandRefusedException.RuleViolated("no-member",
                        "Link the conversation to a member first");
            }
            var purchase = purchases.ofMember(new MemberId(conversation.memberId()), purchaseId)
                    .orElseThrow(() -> new CommandRefusedException.RuleViolated("other-member",
                            "Purchase " + purchaseId + " is not one of this member's purchases"));
            var reversed = purchases.reverseEarn(purchaseId, "desk-reversal-" + conversationId + "-" + purchaseId)
                    .receipt();
            conversations.addSystemLine(conversationId, Actor.current().name() + " reversed the points of purchase "
                    + purchase.summary().externalId() + ": " + reversed.points().reversed() + " points taken back ("
                    + reason.strip() + ")");
            audit.record("conversation.earn-reversed", "conversation", conversationId,
                    Map.of("purchaseId", purchaseId, "pointsEarned", purchase.summary().pointsEarned()),
                    Map.of("purchaseId", purchaseId, "pointsReversed", reversed.points().reversed()), reason.strip());
            return reversed;
        }

        @Transactional
        public Redemption cancelRedemption(long conversationId, long redemptionId, String reason) {
            if (reason == null || reason.isBlank()) {
                throw new CommandRefusedException.InvalidInput("reason", "is required");
            }
            var conversation = conversations.get(conversationId);
            var before = ofMember(conversation, redemptionId);
            var after = redemptions.cancel(redemptionId, reason.strip());
            conversations.addSystemLine(conversationId, "Redemption #" + redemptionId + " (" + before.rewardName()
                    + ") cancelled by " + Actor.current().name() + ": " + reason.strip() + "; " + before.points()
                    + " points back");
            audit.record("conversation.redemption-cancelled", "conversation", conversationId,
                    Map.of("redemptionId", redemptionId, "status", before.status().name()),
                    Map.of("redemptionId", redemptionId, "status", after.status().name()), reason);
            return after;
        }

        @Transactional
        public void resendCodes(long conversationId, long redemptionId) {
            var conversation = conversations.get(conversationId);
            var redemption = ofMember(conversation, redemptionId);
            if (redemption.codes().isEmpty() || redemption.status() != Redemption.Status.ISSUED) {
                throw new CommandRefusedException.RuleViolated("no-codes",
                        "Redemption " + redemptionId + " has no issued code to send again");
            }
            var until = redemption.codesExpireAt() == null ? ""
                    : " (valid until " + DAY.format(redemption.codesExpireAt().atZone(ZoneId.of("UTC"))) + ")";
            conversations.reply(conversationId, "Here is your code for " + redemption.rewardName() + " again: "
                    + String.join(", ", redemption.codes()) + until + ".", null);
            conversations.addSystemLine(conversationId, Actor.current().name() + " sent the code of redemption #"
                    + redemptionId + " again");
            audit.record("conversation.voucher-resent", "conversation", conversationId, null,
                    Map.of("redemptionId", redemptionId), null);
        }

        private Redemption ofMember(Conversation conversation, long redemptionId) {
            if (conversation.memberId() == null) {
                throw new CommandRefusedException.RuleViolated("no-member",
                        "Link the conversation to a member first");
            }
            var redemption = redemptions.get(redemptionId);
            if (redemption.memberId() != conversation.memberId()) {
                throw new CommandRefusedException.RuleViolated("other-member",
                        "Redemption " + redemptionId + " belongs to another member");
            }
            return redemption;
        }
    }

    private final Actions actions;
    private final MessageSource messages;
    private final Conversations conversations;
    private final Cards cards;

    DeskLoyaltyActions(Actions actions, MessageSource messages, Conversations conversations, Cards cards) {
        this.actions = actions;
        this.messages = messages;
        this.conversations = conversations;
        this.cards = cards;
    }

    /** The cards part of the member panel, loaded into it. */
    @GetMapping("/desk/conversations/{id}/cards")
    @PreAuthorize(Access.STAFF_DESK)
    String cards(@PathVariable long id, Model model) {
        var conversation = conversations.get(id);
        model.addAttribute("conversationId", id);
        model.addAttribute("cards", conversation.memberId() == null ? List.of()
                : cards.ofMember(new MemberId(conversation.memberId())));
        model.addAttribute("reasons", BlockReason.values());
        return "support/desk-cards :: cards";
    }

    @PostMapping("/desk/conversations/{id}/cards/{number}/block")
    @PreAuthorize(Access.STAFF_DESK)
    String blockCard(@PathVariable long id, @PathVariable String number, @RequestParam(required = false) String reason,
            @RequestParam(required = false) String comment, RedirectAttributes redirect) {
        return DeskRedirect.toConversation(id, redirect,
                () -> text("cards.flash.blocked", actions.blockCard(id, number, reason, comment).number()));
    }

    @PostMapping("/desk/conversations/{id}/cards/{number}/replace")
    @PreAuthorize(Access.STAFF_DESK)
    String replaceCard(@PathVariable long id, @PathVariable String number,
            @RequestParam(required = false) String reason, @RequestParam(required = false) String newNumber,
            @RequestParam(required = false) String comment, RedirectAttributes redirect) {
        return DeskRedirect.toConversation(id, redirect, () -> {
            var replacement = actions.replaceCard(id, number, reason, newNumber, comment);
            return text("cards.flash.replaced", replacement.replaced().number(), replacement.issued().number());
        });
    }

    @PostMapping("/desk/conversations/{id}/redemptions/{redemptionId}/cancel")
    @PreAuthorize(Access.STAFF_DESK)
    String cancel(@PathVariable long id, @PathVariable long redemptionId, @RequestParam(required = false) String reason,
            RedirectAttributes redirect) {
        return DeskRedirect.toConversation(id, redirect, () -> {
            actions.cancelRedemption(id, redemptionId, reason);
            return text("routing.flash.redemptionCancelled", redemptionId);
        });
    }

    @PostMapping("/desk/conversations/{id}/purchases/{purchaseId}/reverse")
    @PreAuthorize(Access.STAFF_DESK)
    String reverse(@PathVariable long id, @PathVariable long purchaseId,
            @RequestParam(required = false) String reason, RedirectAttributes redirect) {
        return DeskRedirect.toConversation(id, redirect, () -> text("routing.flash.earnReversed",
                actions.reverseEarn(id, purchaseId, reason).points().reversed()));
    }

    @PostMapping("/desk/conversations/{id}/redemptions/{redemptionId}/resend")
    @PreAuthorize(Access.STAFF_DESK)
    String resend(@PathVariable long id, @PathVariable long redemptionId, RedirectAttributes redirect) {
        return DeskRedirect.toConversation(id, redirect, () -> {
            actions.resendCodes(id, redemptionId);
            return text("routing.flash.codeResent");
        });
    }

    private String text(String key, Object... args) {
        return messages.getMessage(key, args, LocaleContextHolder.getLocale());
    }
}
