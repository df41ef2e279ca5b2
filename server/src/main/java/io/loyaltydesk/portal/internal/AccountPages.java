package io.loyaltydesk.portal.internal;

import io.loyaltydesk.engagement.Referrals;
import io.loyaltydesk.members.Channel;
import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.platform.FieldProblem;
import io.loyaltydesk.portal.MemberPrincipal;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Joining and logging in; Spring Security handles the login POST and the logout. */
@Controller
class AccountPages {

    private final MemberAccounts accounts;
    private final MessageSource messages;
    private final java.time.Clock clock;
    private final Referrals referrals;

    AccountPages(MemberAccounts accounts, MessageSource messages, java.time.Clock clock, Referrals referrals) {
        this.accounts = accounts;
        this.referrals = referrals;
        this.messages = messages;
        this.clock = clock;
    }

    /** The join form as posted; consents lists the ticked channels. */
    record JoinForm(String firstName, String email, String password, List<Channel> consents, String referralCode) {

        static JoinForm empty() {
            return new JoinForm("", "", "", List.of(), "");
        }

        public boolean consented(Channel channel) {
            return consents != null && consents.contains(channel);
        }
    }

    @GetMapping("/portal/login")
    @PreAuthorize(PortalAccess.PUBLIC)
    String login() {
        return "portal/login";
    }

    @GetMapping("/portal/join")
    @PreAuthorize(PortalAccess.PUBLIC)
    String joinForm(@RequestParam(required = false) String ref, Model model) {
        var form = JoinForm.empty();
        // a friend's share link: the code is filled in, and the friend sees that their link was opened
        var code = Referrals.normalise(ref);
        if (code != null && code.length() <= 20 && referrals.exists(code)) {
            referrals.linkOpened(code);
            form = new JoinForm("", "", "", List.of(), code);
        }
        return joinPage(model, form, Map.of());
    }

    @PostMapping("/portal/join")
    @PreAuthorize(PortalAccess.PUBLIC)
    String join(@ModelAttribute JoinForm form, HttpServletRequest request, HttpServletResponse response, Model model) {
        var consents = new EnumMap<Channel, Boolean>(Channel.class);
        for (var channel : Channel.values()) {
            consents.put(channel, form.consented(channel));
        }
        long memberId;
        try {
            memberId = accounts.join(new MemberLogins.Joining(form.firstName(), form.email(), form.password(), consents,
                    LocaleContextHolder.getLocale().getLanguage(), request.getRemoteAddr(), form.referralCode()))
                    .id().value();
        } catch (CommandRefusedException.InvalidInput e) {
            return joinPage(model, blankPassword(form), errors(e.problems()));
        } catch (CommandRefusedException e) {
            return joinPage(model, blankPassword(form), Map.of("email", e.getMessage()));
        } catch (DuplicateKeyException e) {
            // another join with the same email won the race
            return joinPage(model, blankPassword(form), Map.of("email", text("portal.error.email.taken")));
        }
        logIn(new MemberPrincipal(memberId, MemberLogins.normalised(form.email())), request, response);
        FreshLogins.stamp(request, clock.instant());
        return "redirect:/portal?welcome";
    }

    /** Logs the new member in as the login form would: a fresh session id, the login in the portal's attribute. */
    private static void logIn(MemberPrincipal principal, HttpServletRequest request, HttpServletResponse response) {
        request.getSession(true);
        request.changeSessionId();
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated(principal, null, principal.getAuthorities()));
        SecurityContextHolder.setContext(context);
        PortalSecurity.CONTEXTS.saveContext(context, request, response);
    }

    private String joinPage(Model model, JoinForm form, Map<String, String> errors) {
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("channels", Channel.values());
        model.addAttribute("passwordMin", MemberLogins.PASSWORD_LENGTH_MIN);
        return "portal/join";
    }

    /** The members module words its problems for staff; the portal says them to members where it knows how. */
    private Map<String, String> errors(List<FieldProblem> problems) {
        var errors = new LinkedHashMap<String, String>();
        for (var problem : problems) {
            var message = messages.getMessage("portal.error." + problem.message(),
                    new Object[] {MemberLogins.PASSWORD_LENGTH_MIN}, problem.message(), LocaleContextHolder.getLocale());
            errors.merge(problem.field(), message, (a, b) -> a + "; " + b);
        }
        return errors;
    }

    private static JoinForm blankPassword(JoinForm form) {
        return new JoinForm(form.firstName(), form.email(), "", form.consents(), form.referralCode());
    }

    private String text(String key) {
        return messages.getMessage(key, null, key, LocaleContextHolder.getLocale());
    }
}
