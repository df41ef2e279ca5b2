package io.loyaltydesk.portal.internal;

import io.loyaltydesk.cards.BlockReason;
import io.loyaltydesk.cards.Cards;
import io.loyaltydesk.members.MemberId;
import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.portal.FreshLogin;
import io.loyaltydesk.portal.MemberPrincipal;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A member reports their plastic card lost: it is blocked and replaced by a new number on the same account. The
 * form names the card it showed, so a second submit answers with the same new card instead of replacing that one.
 */
@Controller
class CardLossPages {

    private final Cards cards;
    private final MessageSource messages;

    CardLossPages(Cards cards, MessageSource messages) {
        this.cards = cards;
        this.messages = messages;
    }

    @PostMapping("/portal/card/lost")
    @PreAuthorize(PortalAccess.MEMBER)
    @FreshLogin
    String reportLost(@AuthenticationPrincipal MemberPrincipal me, @RequestParam(required = false) String number,
            RedirectAttributes redirect) {
        try {
            var replacement = MemberActors.as(me, () -> cards.replace(new MemberId(me.memberId()), number,
                    BlockReason.LOST, null, "reported lost in the portal"));
            redirect.addFlashAttribute("flash", messages.getMessage("portal.card.lost.done",
                    new Object[] {replacement.replaced().number(), replacement.issued().number()},
                    LocaleContextHolder.getLocale()));
        } catch (CommandRefusedException e) {
            redirect.addFlashAttribute("flash", messages.getMessage("portal.card.lost.failed", null,
                    LocaleContextHolder.getLocale()));
        }
        return "redirect:/portal/card";
    }
}
