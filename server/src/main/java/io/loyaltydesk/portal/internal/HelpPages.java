package io.loyaltydesk.portal.internal;

import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.platform.FieldProblem;
import io.loyaltydesk.platform.RateLimits;
import io.loyaltydesk.portal.MemberPrincipal;
import io.loyaltydesk.staff.Stores;
import io.loyaltydesk.support.Conversation;
import io.loyaltydesk.support.Conversations;
import io.loyaltydesk.support.MemberConversations;
import io.loyaltydesk.support.MissingPointsClaims;
import io.loyaltydesk.support.NewClaim;
import io.loyaltydesk.support.NewConversation;
import io.loyaltydesk.tiers.Tiers;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Help in the portal: the member's tickets with the desk's replies (never its internal notes), answering in one,
 * writing to the desk, and "Points missing?" claims from the history. A contact form for people without a login
 * sits at a public address, rate limited per address.
 */
@Controller
class HelpPages {

    static final int TICKETS_SHOWN = 50;
    static final RateLimits.Limit PUBLIC_CONTACT = new RateLimits.Limit("portal-contact", 5, Duration.ofMinutes(10));

    private final MemberConversations tickets;
    private final Conversations conversations;
    private final MissingPointsClaims claims;
    private final Stores stores;
    private final RateLimits rateLimits;
    private final Tiers tiers;
    private final MessageSource messages;
    private final Clock clock;

    HelpPages(MemberConversations tickets, Conversations conversations, MissingPointsClaims claims, Stores stores,
            RateLimits rateLimits, Tiers tiers, MessageSource messages, Clock clock) {
        this.tickets = tickets;
        this.conversations = conversations;
        this.claims = claims;
        this.stores = stores;
        this.rateLimits = rateLimits;
        this.tiers = tiers;
        this.messages = messages;
        this.clock = clock;
    }

    record ContactForm(String name, String email, String subject, String message) {
    }

    @GetMapping("/portal/tickets")
    @PreAuthorize(PortalAccess.MEMBER)
    String help(@AuthenticationPrincipal MemberPrincipal me, Model model) {
        model.addAttribute("tickets", tickets.of(me.memberId(), TICKETS_SHOWN));
        model.addAttribute("fmt", format());
        return "portal/tickets";
    }

    @GetMapping("/portal/tickets/new")
    @PreAuthorize(PortalAccess.MEMBER)
    String newTicket(Model model) {
        return contactPage(model, new ContactForm(null, null, null, null), Map.of(), false);
    }

    @PostMapping("/portal/tickets")
    @PreAuthorize(PortalAccess.MEMBER)
    String sendTicket(@AuthenticationPrincipal MemberPrincipal me, ContactForm form, Model model,
            RedirectAttributes redirect) {
        try {
            var opened = MemberActors.as(me, () -> tickets.contact(me.memberId(), form.subject(), form.message()));
            redirect.addFlashAttribute("flash", text("portal.help.sent"));
            return "redirect:/portal/tickets/" + opened.id();
        } catch (CommandRefusedException.InvalidInput e) {
            return contactPage(model, form, errors(e.problems()), false);
        }
    }

    @GetMapping("/portal/tickets/{id}")
    @PreAuthorize(PortalAccess.MEMBER)
    String ticket(@AuthenticationPrincipal MemberPrincipal me, @PathVariable long id, Model model) {
        return ticketPage(me, id, model, null, Map.of());
    }

    @PostMapping("/portal/tickets/{id}/reply")
    @PreAuthorize(PortalAccess.MEMBER)
    String reply(@AuthenticationPrincipal MemberPrincipal me, @PathVariable long id,
            @RequestParam(required = false) String body, Model model, RedirectAttributes redirect) {
        try {
            MemberActors.as(me, () -> tickets.reply(me.memberId(), id, body));
        } catch (CommandRefusedException.NotFound e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        } catch (CommandRefusedException.InvalidInput e) {
            return ticketPage(me, id, model, body, Map.of("body", text("portal.help.error.body")));
        }
        redirect.addFlashAttribute("flash", text("portal.help.replied"));
        return "redirect:/portal/tickets/" + id;
    }

    @GetMapping("/portal/history/claim")
    @PreAuthorize(PortalAccess.MEMBER)
    String claimForm(@RequestParam(required = false) String receipt, Model model) {
        return claimPage(model, new NewClaim(receipt, null, null, null, null), Map.of());
    }

    @PostMapping("/portal/history/claim")
    @PreAuthorize(PortalAccess.MEMBER)
    String claim(@AuthenticationPrincipal MemberPrincipal me, NewClaim form, Model model,
            RedirectAttributes redirect) {
        try {
            var claim = MemberActors.as(me, () -> claims.open(me.memberId(), form));
            redirect.addFlashAttribute("flash", text("portal.claim.sent"));
            return "redirect:/portal/tickets/" + claim.conversationId();
        } catch (CommandRefusedException.InvalidInput e) {
            return claimPage(model, form, errors(e.problems()));
        }
    }

    /** The contact form for people without a login; a logged-in member writes from their help page instead. */
    @GetMapping("/portal/contact")
    @PreAuthorize(PortalAccess.PUBLIC)
    String contact(@AuthenticationPrincipal MemberPrincipal me, Model model) {
        if (me != null) {
            return "redirect:/portal/tickets/new";
        }
        return contactPage(model, new ContactForm(null, null, null, null), Map.of(), true);
    }

    @PostMapping("/portal/contact")
    @PreAuthorize(PortalAccess.PUBLIC)
    String sendContact(ContactForm form, HttpServletRequest request, Model model) {
        if (!rateLimits.tryAcquire(PUBLIC_CONTACT, request.getRemoteAddr())) {
            model.addAttribute("formError", text("portal.contact.throttled"));
            return contactPage(model, form, Map.of(), true);
        }
        var name = form.name() == null || form.name().isBlank() ? "" : form.name().strip() + ":\n\n";
        try {
            conversations.open(new NewConversation(Conversation.Channel.WEB_FORM, form.subject(), form.email(), null,
                    form.message() == null || form.message().isBlank() ? form.message() : name + form.message()));
        } catch (CommandRefusedException.InvalidInput e) {
            return contactPage(model, form, errors(e.problems()), true);
        }
        model.addAttribute("sent", true);
        return contactPage(model, new ContactForm(null, null, null, null), Map.of(), true);
    }

    private String contactPage(Model model, ContactForm form, Map<String, String> errors, boolean anonymous) {
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("anonymous", anonymous);
        return "portal/contact";
    }

    private String ticketPage(MemberPrincipal me, long id, Model model, String typed, Map<String, String> errors) {
        Conversation conversation;
        try {
            conversation = tickets.get(me.memberId(), id);
        } catch (CommandRefusedException.NotFound e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        model.addAttribute("ticket", conversation);
        model.addAttribute("thread", tickets.thread(me.memberId(), id));
        model.addAttribute("mergedInto", tickets.mergedInto(me.memberId(), id).orElse(null));
        model.addAttribute("claim", claims.find(id).orElse(null));
        model.addAttribute("typed", typed);
        model.addAttribute("errors", errors);
        model.addAttribute("fmt", format());
        return "portal/ticket";
    }

    private String claimPage(Model model, NewClaim form, Map<String, String> errors) {
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("stores", stores.all().stream().filter(s -> s.live()).toList());
        var today = LocalDate.ofInstant(clock.instant(), tiers.zone());
        model.addAttribute("today", today);
        model.addAttribute("earliest", today.minusDays(MissingPointsClaims.DAYS_BACK_MAX));
        return "portal/claim";
    }

    /** Support words its problems for staff; the portal says them to members, one sentence per field. */
    private Map<String, String> errors(List<FieldProblem> problems) {
        var errors = new LinkedHashMap<String, String>();
        for (var problem : problems) {
            var message = messages.getMessage("portal.help.error." + problem.field(), null, problem.message(),
                    LocaleContextHolder.getLocale());
            errors.putIfAbsent(problem.field(), message);
        }
        return errors;
    }

    private String text(String key, Object... args) {
        return messages.getMessage(key, args, LocaleContextHolder.getLocale());
    }

    private PortalFormat format() {
        return new PortalFormat(messages, LocaleContextHolder.getLocale(), clock, tiers.zone());
    }
}
