package io.loyaltydesk.support.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.springframework.context.MessageSource;

/** SLA timers as words, so the meaning never rests on colour alone: "due in 12 min", "breached 5 min ago". */
public final class SlaFormat {

    private final MessageSource messages;
    private final Locale locale;
    private final Clock clock;

    SlaFormat(MessageSource messages, Locale locale, Clock clock) {
        this.messages = messages;
        this.locale = locale;
        this.clock = clock;
    }

    public boolean breached(Instant due) {
        return due != null && !due.isAfter(clock.instant());
    }

    /** Due within the next hour: worth a warning. */
    public boolean soon(Instant due) {
        return due != null && !breached(due) && Duration.between(clock.instant(), due).toMinutes() < 60;
    }

    public String text(Instant due) {
        if (due == null) {
            return "";
        }
        var now = clock.instant();
        return breached(due) ? messages.getMessage("routing.sla.breached", new Object[] {span(Duration.between(due, now))}, locale)
                : messages.getMessage("routing.sla.dueIn", new Object[] {span(Duration.between(now, due))}, locale);
    }

    /** "badge-danger", "badge-warn" or "badge" for the timer's badge. */
    public String badge(Instant due) {
        return breached(due) ? "badge-danger" : soon(due) ? "badge-warn" : "";
    }

    String span(Duration duration) {
        long minutes = Math.max(1, (duration.getSeconds() + 59) / 60);
        if (minutes < 60) {
            return messages.getMessage("routing.sla.minutes", new Object[] {minutes}, locale);
        }
        long hours = minutes / 60;
        if (hours < 48) {
            return messages.getMessage("routing.sla.hoursMinutes", new Object[] {hours, minutes % 60}, locale);
        }
        return messages.getMessage("routing.sla.daysHours", new Object[] {hours / 24, hours % 24}, locale);
    }
}
