package io.loyaltydesk.cards.internal;

import io.loyaltydesk.cards.BlockReason;
import io.loyaltydesk.cards.Cards;
import io.loyaltydesk.members.MemberId;
import io.loyaltydesk.members.MemberStatus;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.staff.Access;
import java.util.function.Supplier;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** A member's cards in the console: the list with status, and blocking or replacing a card. */
@Controller
class CardsConsole {

    private final Cards cards;
    private final Members members;
    private final MessageSource messages;

    CardsConsole(Cards cards, Members members, MessageSource messages) {
        this.cards = cards;
        this.members = members;
        this.messages = messages;
    }

    @GetMapping("/console/members/{id}/cards")
    @PreAuthorize(Access.STAFF_ANY)
    String list(@PathVariable long id, Model model) {
        var member = members.get(new MemberId(id));
        model.addAttribute("member", member);
        model.addAttribute("cards", cards.ofMember(member.id()));
        model.addAttribute("reasons", BlockReason.values());
        model.addAttribute("gone", member.erased() || member.status() == MemberStatus.MERGED);
        return "cards/member";
    }

    @PostMapping("/console/members/{id}/cards/{number}/block")
    @PreAuthorize(Access.STAFF_MEMBERS_EDIT)
    String block(@PathVariable long id, @PathVariable String number, @RequestParam(required = false) String reason,
            @RequestParam(required = false) String comment, RedirectAttributes redirect) {
        return act(id, redirect, () -> {
            var card = cards.block(new MemberId(id), number, BlockReason.parse(reason), comment);
            return text("cards.flash.blocked", card.number());
        });
    }

    @PostMapping("/console/members/{id}/cards/{number}/replace")
    @PreAuthorize(Access.STAFF_MEMBERS_EDIT)
    String replace(@PathVariable long id, @PathVariable String number, @RequestParam(required = false) String reason,
            @RequestParam(required = false) String newNumber, @RequestParam(required = false) String comment,
            RedirectAttributes redirect) {
        return act(id, redirect, () -> {
            var replacement = cards.replace(new MemberId(id), number, BlockReason.parse(reason), newNumber, comment);
            return text("cards.flash.replaced", replacement.replaced().number(), replacement.issued().number());
        });
    }

    private String act(long id, RedirectAttributes redirect, Supplier<String> command) {
        members.requireExists(new MemberId(id));
        try {
            redirect.addFlashAttribute("flash", command.get());
        } catch (CommandRefusedException e) {
            redirect.addFlashAttribute("actionError", readable(e));
        }
        return "redirect:/console/members/" + id + "/cards";
    }

    /** A refusal as one line for a page: each bad field with its problem, or the rule that was broken. */
    static String readable(CommandRefusedException e) {
        return e instanceof CommandRefusedException.InvalidInput invalid
                ? String.join("; ", invalid.problems().stream().map(p -> p.field() + ": " + p.message()).toList())
                : e.getMessage();
    }

    private String text(String key, Object... args) {
        return messages.getMessage(key, args, LocaleContextHolder.getLocale());
    }
}
