package io.loyaltydesk.portal.internal;

import io.loyaltydesk.members.Channel;
import io.loyaltydesk.members.MemberId;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.messaging.Inbox;
import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.portal.FreshLogin;
import io.loyaltydesk.portal.MemberPrincipal;
import io.loyaltydesk.tiers.Tiers;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A member's own settings: account (email, phone, deleting it), communication preferences and language, the
 * notifications inbox, and the password check before sensitive changes ({@link FreshLogin}).
 */
@Controller
class AccountSettingsPages {

    static final int INBOX_PAGE_SIZE = 20;

    private final MemberAccounts accounts;
    private final MemberLogins logins;
    private final Members members;
    private final Inbox inbox;
    private final MessageSource messages;
    private final LocaleResolver localeResolver;
    private final Clock clock;
    private final PortalProperties properties;
    private final Tiers tiers;

    AccountSettingsPages(MemberAccounts accounts, MemberLogins logins, Members members, Inbox inbox,
            MessageSource messages, LocaleResolver localeResolver, Clock clock, PortalProperties properties,
            Tiers tiers) {
        this.tiers = tiers;
        this.accounts = accounts;
        this.logins = logins;
        this.members = members;
        this.inbox = inbox;
        this.messages = messages;
        this.localeResolver = localeResolver;
        this.clock = clock;
        this.properties = properties;
    }

    // ---- account: email, phone, delete

    @GetMapping("/portal/account")
    @PreAuthorize(PortalAccess.MEMBER)
    @FreshLogin
    String account(@AuthenticationPrincipal MemberPrincipal me, Model model) {
        return accountPage(me, model, Map.of());
    }

    @PostMapping("/portal/account/email")
    @PreAuthorize(PortalAccess.MEMBER)
    @FreshLogin
    String changeEmail(@AuthenticationPrincipal MemberPrincipal me, @RequestParam(required = false) String email,
            Model model, RedirectAttributes redirect) {
        try {
            var sentTo = accounts.requestEmailChange(me.memberId(), email);
            redirect.addFlashAttribute("flash", text("portal.account.emailSent", sentTo));
            return "redirect:/portal/account";
        } catch (CommandRefusedException.InvalidInput e) {
            model.addAttribute("newEmail", email);
            return accountPage(me, model, Map.of("email", problem(e)));
        } catch (MemberAccounts.Throttled e) {
            return accountPage(me, model, Map.of("email", text("portal.throttled")));
        }
    }

    @PostMapping("/portal/account/phone")
    @PreAuthorize(PortalAccess.MEMBER)
    @FreshLogin
    String changePhone(@AuthenticationPrincipal MemberPrincipal me, @RequestParam(required = false) String phone,
            Model model, RedirectAttributes redirect) {
        try {
            var sentTo = accounts.requestPhoneChange(me.memberId(), phone);
            redirect.addFlashAttribute("flash", text("portal.account.codeSent", sentTo));
            return "redirect:/portal/account";
        } catch (CommandRefusedException.InvalidInput e) {
            model.addAttribute("newPhone", phone);
            return accountPage(me, model, Map.of("phone", problem(e)));
        } catch (MemberAccounts.Throttled e) {
            return accountPage(me, model, Map.of("phone", text("portal.throttled")));
        }
    }

    @PostMapping("/portal/account/phone/confirm")
    @PreAuthorize(PortalAccess.MEMBER)
    @FreshLogin
    String confirmPhone(@AuthenticationPrincipal MemberPrincipal me, @RequestParam(required = false) String code,
            Model model, RedirectAttributes redirect) {
        try {
            var phone = accounts.confirmPhone(me.memberId(), code);
            if (phone.isPresent()) {
                redirect.addFlashAttribute("flash", text("portal.account.phoneChanged", phone.get()));
                return "redirect:/portal/account";
            }
            return accountPage(me, model, Map.of("code", text("portal.account.codeWrong")));
        } catch (MemberAccounts.Throttled e) {
            return accountPage(me, model, Map.of("code", text("portal.throttled")));
        }
    }

    @PostMapping("/portal/account/delete")
    @PreAuthorize(PortalAccess.MEMBER)
    @FreshLogin
    String delete(@AuthenticationPrincipal MemberPrincipal me, @RequestParam(required = false) Boolean confirm,
            HttpServletRequest request, HttpServletResponse response, Model model) {
        if (!Boolean.TRUE.equals(confirm)) {
            return accountPage(me, model, Map.of("confirm", text("portal.account.delete.confirmRequired")));
        }
        accounts.deleteAccount(me.memberId(), request.getRemoteAddr());
        // end the member's login only (the session may hold a staff login of the same browser)
        var empty = SecurityContextHolder.createEmptyContext();
        SecurityContextHolder.setContext(empty);
        PortalSecurity.CONTEXTS.saveContext(empty, request, response);
        request.getSession().removeAttribute(FreshLogins.ATTRIBUTE);
        return "redirect:/portal/login?deleted";
    }

    private String accountPage(MemberPrincipal me, Model model, Map<String, String> errors) {
        var member = members.get(new MemberId(me.memberId()));
        model.addAttribute("member", member);
        model.addAttribute("loginEmail", logins.byMember(me.memberId()).map(MemberLogins.Login::email).orElse(null));
        model.addAttribute("verified", accounts.emailVerified(me.memberId()));
        model.addAttribute("phonePending", accounts.phonePending(me.memberId()).orElse(null));
        model.addAttribute("errors", errors);
        return "portal/account";
    }

    // ---- preferences: consent per channel and language

    @GetMapping("/portal/preferences")
    @PreAuthorize(PortalAccess.MEMBER)
    String preferences(@AuthenticationPrincipal MemberPrincipal me, Model model) {
        model.addAttribute("member", members.get(new MemberId(me.memberId())));
        model.addAttribute("channels", Channel.values());
        return "portal/preferences";
    }

    @PostMapping("/portal/preferences")
    @PreAuthorize(PortalAccess.MEMBER)
    String savePreferences(@AuthenticationPrincipal MemberPrincipal me,
            @RequestParam(required = false) List<Channel> consents, RedirectAttributes redirect) {
        var chosen = new EnumMap<Channel, Boolean>(Channel.class);
        for (var channel : Channel.values()) {
            chosen.put(channel, consents != null && consents.contains(channel));
        }
        accounts.changeConsents(me.memberId(), chosen);
        redirect.addFlashAttribute("flash", text("portal.preferences.saved"));
        return "redirect:/portal/preferences";
    }

    @PostMapping("/portal/preferences/language")
    @PreAuthorize(PortalAccess.MEMBER)
    String language(@AuthenticationPrincipal MemberPrincipal me, @RequestParam(required = false) String language,
            HttpServletRequest request, HttpServletResponse response, RedirectAttributes redirect) {
        try {
            accounts.changeLanguage(me.memberId(), language);
        } catch (CommandRefusedException.InvalidInput e) {
            redirect.addFlashAttribute("flash", text("portal.error.language.unknown"));
            return "redirect:/portal/preferences";
        }
        var locale = Locale.forLanguageTag(language);
        localeResolver.setLocale(request, response, locale);
        redirect.addFlashAttribute("flash", messages.getMessage("portal.preferences.languageSaved", null, locale));
        return "redirect:/portal/preferences";
    }

    // ---- notifications inbox

    @GetMapping("/portal/notifications")
    @PreAuthorize(PortalAccess.MEMBER)
    String notifications(@AuthenticationPrincipal MemberPrincipal me, @RequestParam(required = false) String cursor,
            Model model) {
        var page = inbox.page(me.memberId(), cursor, INBOX_PAGE_SIZE);
        model.addAttribute("notifications", page.items());
        model.addAttribute("nextCursor", page.nextCursor());
        model.addAttribute("fmt", new PortalFormat(messages, LocaleContextHolder.getLocale(), clock,
                tiers.zone()));
        return "portal/notifications";
    }

    @PostMapping("/portal/notifications/{id}/read")
    @PreAuthorize(PortalAccess.MEMBER)
    String read(@AuthenticationPrincipal MemberPrincipal me, @PathVariable long id,
            @RequestParam(required = false) String open) {
        inbox.markRead(me.memberId(), id);
        return "redirect:" + (open == null ? "/portal/notifications" : FreshLogins.safeNext(open));
    }

    @PostMapping("/portal/notifications/read-all")
    @PreAuthorize(PortalAccess.MEMBER)
    String readAll(@AuthenticationPrincipal MemberPrincipal me) {
        inbox.markAllRead(me.memberId());
        return "redirect:/portal/notifications";
    }

    // ---- the password again

    @GetMapping("/portal/confirm-password")
    @PreAuthorize(PortalAccess.MEMBER)
    String confirmPage(@RequestParam(required = false) String next, Model model) {
        model.addAttribute("next", FreshLogins.safeNext(next));
        model.addAttribute("minutes", properties.freshLogin().toMinutes());
        return "portal/confirm-password";
    }

    @PostMapping("/portal/confirm-password")
    @PreAuthorize(PortalAccess.MEMBER)
    String confirm(@AuthenticationPrincipal MemberPrincipal me, @RequestParam(required = false) String password,
            @RequestParam(required = false) String next, HttpServletRequest request, Model model) {
        try {
            if (accounts.confirmPassword(me.memberId(), password)) {
                FreshLogins.stamp(request, clock.instant());
                return "redirect:" + FreshLogins.safeNext(next);
            }
            model.addAttribute("error", text("portal.confirm.wrong"));
        } catch (MemberAccounts.Throttled e) {
            model.addAttribute("error", text("portal.throttled"));
        }
        model.addAttribute("next", FreshLogins.safeNext(next));
        model.addAttribute("minutes", properties.freshLogin().toMinutes());
        return "portal/confirm-password";
    }

    private String problem(CommandRefusedException.InvalidInput e) {
        var message = e.problems().getFirst().message();
        return messages.getMessage("portal.error." + message, null, message, LocaleContextHolder.getLocale());
    }

    private String text(String key, Object... args) {
        return messages.getMessage(key, args, key, LocaleContextHolder.getLocale());
    }
}
