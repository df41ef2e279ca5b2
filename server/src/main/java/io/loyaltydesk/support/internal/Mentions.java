package io.loyaltydesk.support.internal;

import io.loyaltydesk.staff.StaffDirectory;
import io.loyaltydesk.support.Message;
import io.loyaltydesk.support.MessageAdded;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** @username in an internal note tells that staff member in their desk (the "mentions" list). */
@Component
class Mentions {

    private static final Pattern MENTION = Pattern.compile("(?<![\\p{L}\\p{N}._@-])@([\\p{L}\\p{N}][\\p{L}\\p{N}._-]{0,99})");

    private final StaffDirectory staff;
    private final DeskNotifications notifications;

    Mentions(StaffDirectory staff, DeskNotifications notifications) {
        this.staff = staff;
        this.notifications = notifications;
    }

    /** The usernames written as @mentions, in order, without a trailing full stop. */
    static Set<String> mentioned(String text) {
        var names = new LinkedHashSet<String>();
        var matcher = MENTION.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1).replaceAll("[._-]+$", ""));
        }
        return names;
    }

    @EventListener
    void on(MessageAdded added) {
        var message = added.message();
        if (message.kind() != Message.Kind.NOTE) {
            return;
        }
        for (var typed : mentioned(message.body())) {
            var name = staff.username(typed).orElse(null);
            if (name != null && !name.equals(message.author())) {
                var excerpt = message.body().length() > 140 ? message.body().substring(0, 140) + "…" : message.body();
                notifications.notify(name, DeskNotifications.Kind.MENTION, message.conversationId(),
                        message.author() + " mentioned you on #" + message.conversationId() + " \""
                                + added.conversation().subject() + "\": " + excerpt);
            }
        }
    }
}
