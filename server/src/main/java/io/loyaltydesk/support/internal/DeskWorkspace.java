package io.loyaltydesk.support.internal;

import io.loyaltydesk.staff.Access;
import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.support.ConversationTags;
import io.loyaltydesk.support.Teams;
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

/** The desk's own additions: the agent's availability, tags on a conversation, and the notifications list. */
@Controller
class DeskWorkspace {

    private static final int NOTIFICATIONS_SHOWN = 100;

    private final Teams teams;
    private final ConversationTags tags;
    private final DeskNotifications notifications;
    private final MessageSource messages;
    private final java.time.Clock clock;

    DeskWorkspace(Teams teams, ConversationTags tags, DeskNotifications notifications, MessageSource messages,
            java.time.Clock clock) {
        this.teams = teams;
        this.tags = tags;
        this.notifications = notifications;
        this.messages = messages;
        this.clock = clock;
    }

    @PostMapping("/desk/availability")
    @PreAuthorize(Access.STAFF_DESK)
    String availability(@RequestParam(defaultValue = "false") boolean available, RedirectAttributes redirect) {
        int given = teams.setAvailable(Actor.current().name(), available);
        redirect.addFlashAttribute("flash", available ? text("routing.flash.available", given)
                : text("routing.flash.away"));
        return "redirect:/desk?view=mine";
    }

    @PostMapping("/desk/conversations/{id}/tags")
    @PreAuthorize(Access.STAFF_DESK)
    String addTag(@PathVariable long id, @RequestParam(required = false) String tag, RedirectAttributes redirect) {
        return DeskRedirect.toConversation(id, redirect, () -> {
            tags.add(id, tag);
            return text("routing.flash.tagged", ConversationTags.normalise(tag));
        });
    }

    @PostMapping("/desk/conversations/{id}/tags/remove")
    @PreAuthorize(Access.STAFF_DESK)
    String removeTag(@PathVariable long id, @RequestParam(required = false) String tag, RedirectAttributes redirect) {
        return DeskRedirect.toConversation(id, redirect, () -> {
            tags.remove(id, tag);
            return text("routing.flash.untagged", tag);
        });
    }

    @GetMapping("/desk/notifications")
    @PreAuthorize(Access.STAFF_DESK)
    String notifications(@RequestParam(required = false) String kind, Model model) {
        var me = Actor.current().name();
        var only = SupportConsole.parse(DeskNotifications.Kind.class, kind, "kind");
        model.addAttribute("kind", only);
        model.addAttribute("kinds", DeskNotifications.Kind.values());
        model.addAttribute("notifications", notifications.of(me, only, NOTIFICATIONS_SHOWN));
        model.addAttribute("fmt", new DeskFormat(LocaleContextHolder.getLocale(), clock));
        return "support/notifications";
    }

    @PostMapping("/desk/notifications/read")
    @PreAuthorize(Access.STAFF_DESK)
    String markRead(RedirectAttributes redirect) {
        int marked = notifications.markAllRead(Actor.current().name());
        redirect.addFlashAttribute("flash", text("routing.flash.read", marked));
        return "redirect:/desk/notifications";
    }

    private String text(String key, Object... args) {
        return messages.getMessage(key, args, LocaleContextHolder.getLocale());
    }
}
