package io.loyaltydesk.support.internal;

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
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Loyalty actions on the member panel besides goodwill: cancel one of the member's open redemptions (points and
 * stock come back through the rewards module), send a voucher code again (as a reply in the thread, the
 * member's channel) and reverse the points of a purchase that should not have earned. Each is audited on the
 * conversation and leaves a system line.
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

        Actions(Conversations conversations, Redemptions redemptions, Purchases purchases, AuditTrail audit) {
            this.conversations = conversations;
            this.redemptions = redemptions;
            this.purchases = purchases;
            this.audit = audit;
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
            var conversation = conversations.get(conversationId);
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

    DeskLoyaltyActions(Actions actions, MessageSource messages) {
        this.actions = actions;
        this.messages = messages;
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
