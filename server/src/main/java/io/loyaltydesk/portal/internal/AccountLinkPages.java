package io.loyaltydesk.portal.internal;

import io.loyaltydesk.messaging.Messaging;
import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.portal.MemberPrincipal;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The pages members reach from links in emails: verify the email, reset a forgotten password, confirm a new
 * email, unsubscribe. Opening a link only shows a page; the change happens when the member presses its button
 * (a POST), so mail scanners that open links do not use them up.
 */
@Controller
class AccountLinkPages {

    private final MemberAccounts accounts;
    private final Messaging messaging;
    private final MessageSource messages;

    AccountLinkPages(MemberAccounts accounts, Messaging messaging, MessageSource messages) {
        this.accounts = accounts;
        this.messaging = messaging;
        this.messages = messages;
    }

    // ---- email verification

    @GetMapping("/portal/verify-email")
    @PreAuthorize(PortalAccess.PUBLIC)
    String verifyPage(@RequestParam(required = false) String token, Model model) {
        model.addAttribute("token", token);
        model.addAttribute("valid", accounts.verificationValid(token));
        return "portal/verify-email";
    }

    @PostMapping("/portal/verify-email")
    @PreAuthorize(PortalAccess.PUBLIC)
    String verify(@RequestParam(required = false) String token, @AuthenticationPrincipal MemberPrincipal me,
            Model model, RedirectAttributes redirect) {
        var verified = accounts.verifyEmail(token);
        if (verified.isEmpty()) {
            model.addAttribute("token", token);
            model.addAttribute("valid", false);
            return "portal/verify-email";
        }
        var points = verified.get().welcomePoints();
        redirect.addFlashAttribute("flash", points > 0
                ? text("portal.verify.doneWithPoints", points) : text("portal.verify.done"));
        return me != null && me.memberId() == verified.get().memberId() ? "redirect:/portal" : "redirect:/portal/login";
    }

    @PostMapping("/portal/verify-email/resend")
    @PreAuthorize(PortalAccess.MEMBER)
    String resend(@AuthenticationPrincipal MemberPrincipal me, RedirectAttributes redirect) {
        try {
            accounts.resendVerification(me.memberId());
            redirect.addFlashAttribute("flash", text("portal.verify.sent", me.email()));
        } catch (MemberAccounts.Throttled e) {
            redirect.addFlashAttribute("flash", text("portal.throttled"));
        }
        return "redirect:/portal";
    }

    // ---- forgotten password

    @GetMapping("/portal/forgot-password")
    @PreAuthorize(PortalAccess.PUBLIC)
    String forgotPage() {
        return "portal/forgot-password";
    }

    @PostMapping("/portal/forgot-password")
    @PreAuthorize(PortalAccess.PUBLIC)
    String forgot(@RequestParam(required = false) String email, HttpServletRequest request, Model model) {
        var answer = accounts.requestReset(email, request.getRemoteAddr());
        model.addAttribute(answer == MemberAccounts.ResetAnswer.THROTTLED ? "throttled" : "sent", true);
        return "portal/forgot-password";
    }

    @GetMapping("/portal/reset-password")
    @PreAuthorize(PortalAccess.PUBLIC)
    String resetPage(@RequestParam(required = false) String token, Model model) {
        model.addAttribute("token", token);
        model.addAttribute("valid", accounts.resetValid(token));
        model.addAttribute("errors", Map.of());
        model.addAttribute("passwordMin", MemberLogins.PASSWORD_LENGTH_MIN);
        return "portal/reset-password";
    }

    @PostMapping("/portal/reset-password")
    @PreAuthorize(PortalAccess.PUBLIC)
    String reset(@RequestParam(required = false) String token, @RequestParam(required = false) String password,
            Model model, RedirectAttributes redirect) {
        model.addAttribute("token", token);
        model.addAttribute("passwordMin", MemberLogins.PASSWORD_LENGTH_MIN);
        try {
            if (accounts.resetPassword(token, password)) {
                redirect.addFlashAttribute("flash", text("portal.reset.done"));
                return "redirect:/portal/login";
            }
            model.addAttribute("valid", false);
            model.addAttribute("errors", Map.of());
        } catch (CommandRefusedException.InvalidInput e) {
            model.addAttribute("valid", true);
            model.addAttribute("errors", Map.of("password",
                    text("portal.error." + e.problems().getFirst().message(), MemberLogins.PASSWORD_LENGTH_MIN)));
        }
        return "portal/reset-password";
    }

    // ---- a new email address

    @GetMapping("/portal/change-email")
    @PreAuthorize(PortalAccess.PUBLIC)
    String changeEmailPage(@RequestParam(required = false) String token, Model model) {
        model.addAttribute("token", token);
        model.addAttribute("newEmail", accounts.emailChangePending(token).orElse(null));
        return "portal/change-email";
    }

    @PostMapping("/portal/change-email")
    @PreAuthorize(PortalAccess.PUBLIC)
    String changeEmail(@RequestParam(required = false) String token, @AuthenticationPrincipal MemberPrincipal me,
            Model model, RedirectAttributes redirect) {
        try {
            var changed = accounts.confirmEmailChange(token);
            if (changed.isPresent()) {
                redirect.addFlashAttribute("flash", text("portal.changeEmail.done", changed.get()));
                // the login name changed: a member logged in under the old one logs in again
                return me != null ? "redirect:/portal/account" : "redirect:/portal/login";
            }
        } catch (CommandRefusedException e) {
            model.addAttribute("taken", true);
        }
        model.addAttribute("token", token);
        model.addAttribute("newEmail", null);
        return "portal/change-email";
    }

    // ---- unsubscribe

    @GetMapping("/portal/unsubscribe")
    @PreAuthorize(PortalAccess.PUBLIC)
    String unsubscribePage(@RequestParam(name = "t", required = false) String token, Model model) {
        model.addAttribute("token", token);
        model.addAttribute("valid", messaging.unsubscribeMember(token).isPresent());
        return "portal/unsubscribe";
    }

    /** The page's button, and mail programs' one-click unsubscribe (RFC 8058), which posts to the same link. */
    @PostMapping("/portal/unsubscribe")
    @PreAuthorize(PortalAccess.PUBLIC)
    String unsubscribe(@RequestParam(name = "t", required = false) String token, HttpServletRequest request,
            Model model) {
        boolean done = messaging.unsubscribe(token, request.getRemoteAddr());
        model.addAttribute("token", token);
        model.addAttribute("valid", done);
        model.addAttribute("done", done);
        return "portal/unsubscribe";
    }

    private String text(String key, Object... args) {
        return messages.getMessage(key, args, key, LocaleContextHolder.getLocale());
    }
}
