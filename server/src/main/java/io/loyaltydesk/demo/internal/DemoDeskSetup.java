package io.loyaltydesk.demo.internal;

import io.loyaltydesk.support.BusinessCalendar;
import io.loyaltydesk.support.Conversation;
import io.loyaltydesk.support.ConversationTags;
import io.loyaltydesk.support.Conversations;
import io.loyaltydesk.support.Macros;
import io.loyaltydesk.support.QueueView;
import io.loyaltydesk.support.ServiceLevels;
import io.loyaltydesk.support.SlaPolicy;
import io.loyaltydesk.support.Team;
import io.loyaltydesk.support.Teams;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Year;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * How the demo desk is set up before its queue arrives: two teams (front desk round robin, VIP care for Gold and
 * Platinum members with a higher priority), the demo agent available, office hours in Berlin with the public
 * holidays, a standard SLA policy, a few macros; afterwards the demo conversations get their tags.
 */
@Component
class DemoDeskSetup {

    private final Teams teams;
    private final ServiceLevels levels;
    private final Macros macros;
    private final ConversationTags tags;
    private final Conversations conversations;

    DemoDeskSetup(Teams teams, ServiceLevels levels, Macros macros, ConversationTags tags,
            Conversations conversations) {
        this.teams = teams;
        this.levels = levels;
        this.macros = macros;
        this.tags = tags;
        this.conversations = conversations;
    }

    boolean seeded() {
        return !teams.all().isEmpty();
    }

    /** Teams, rules, SLA policy and macros; before the demo conversations open, so that routing applies. */
    void seed() {
        var front = teams.save(null, "Front desk", "supervisor", Team.Assignment.ROUND_ROBIN,
                List.of("agent", "supervisor"));
        var vip = teams.save(null, "VIP care", "supervisor", Team.Assignment.CAPACITY, List.of("agent"));
        teams.setCapacity("agent", 6);
        teams.setAvailable("agent", true);
        teams.addRule(10, null, null, "PLATINUM", vip.id(), Conversation.Priority.URGENT);
        teams.addRule(20, null, null, "GOLD", vip.id(), Conversation.Priority.HIGH);
        teams.addRule(30, null, "complaint", null, vip.id(), Conversation.Priority.HIGH);
        teams.addRule(100, null, null, null, front.id(), null);

        var week = new EnumMap<DayOfWeek, List<BusinessCalendar.Hours>>(DayOfWeek.class);
        for (var day : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
                DayOfWeek.FRIDAY)) {
            week.put(day, List.of(new BusinessCalendar.Hours(LocalTime.of(8, 0), LocalTime.of(18, 0))));
        }
        week.put(DayOfWeek.SATURDAY, List.of(new BusinessCalendar.Hours(LocalTime.of(10, 0), LocalTime.of(14, 0))));
        var holidays = new LinkedHashMap<LocalDate, String>();
        int year = Year.now(ZoneId.of("Europe/Berlin")).getValue();
        for (int y = year; y <= year + 1; y++) {
            holidays.put(LocalDate.of(y, 1, 1), "New Year's Day");
            holidays.put(LocalDate.of(y, 5, 1), "Labour Day");
            holidays.put(LocalDate.of(y, 10, 3), "German Unity Day");
            holidays.put(LocalDate.of(y, 12, 25), "Christmas Day");
            holidays.put(LocalDate.of(y, 12, 26), "Boxing Day");
        }
        var calendar = levels.saveCalendar("Berlin office", "Europe/Berlin", week, holidays);
        var targets = new EnumMap<Conversation.Priority, SlaPolicy.Target>(Conversation.Priority.class);
        targets.put(Conversation.Priority.LOW, new SlaPolicy.Target(480, 480, 4800));
        targets.put(Conversation.Priority.NORMAL, new SlaPolicy.Target(120, 240, 2400));
        targets.put(Conversation.Priority.HIGH, new SlaPolicy.Target(30, 60, 960));
        targets.put(Conversation.Priority.URGENT, new SlaPolicy.Target(15, 30, 240));
        levels.savePolicy("Standard", calendar.id(), targets, true);
        // VIP care answers faster: its own policy (ADR 0018), the same hours
        var vipTargets = new EnumMap<Conversation.Priority, SlaPolicy.Target>(Conversation.Priority.class);
        vipTargets.put(Conversation.Priority.LOW, new SlaPolicy.Target(240, 240, 2400));
        vipTargets.put(Conversation.Priority.NORMAL, new SlaPolicy.Target(60, 120, 1440));
        vipTargets.put(Conversation.Priority.HIGH, new SlaPolicy.Target(20, 30, 480));
        vipTargets.put(Conversation.Priority.URGENT, new SlaPolicy.Target(10, 15, 120));
        levels.setTeamPolicy(vip.id(), levels.savePolicy("VIP care", calendar.id(), vipTargets, false).id());

        macros.save(null, "Points explained", """
                Hi {{member.firstName}},

                you have {{points.available}} points to spend right now, and {{points.pending}} more become \
                available once the return window of your latest purchases has passed. As a {{tier.name}} member \
                you also get your tier's extras.

                Best regards,
                {{agent.name}}""", null, List.of("balance"));
        macros.save(null, "Missing points: ask for the receipt", """
                Hi {{member.firstName}},

                sorry that the points are missing. Could you send us the receipt number (top right on the \
                receipt) and the store? We will add the points as of the day of your purchase.

                {{agent.name}}""", Conversation.Status.PENDING, List.of("missing-points"));
        macros.save(null, "Solved, thank you", """
                Hi {{member.firstName}}, glad we could help! Your member number for the next visit is \
                {{member.number}}. {{agent.name}}""", Conversation.Status.SOLVED, List.of());
    }

    /** Tags the demo queue by what each conversation is about. */
    int tagConversations() {
        var keywords = Map.of("points missing", "missing-points", "expire", "expiry", "voucher", "voucher",
                "card", "card", "wrong milk", "complaint", "birthday", "birthday", "gold", "tiers",
                "double points", "promotions");
        int tagged = 0;
        for (var conversation : conversations.queue(QueueView.ALL, null, null, 100).items()) {
            var subject = conversation.subject().toLowerCase(Locale.ROOT);
            for (var entry : keywords.entrySet()) {
                if (subject.contains(entry.getKey())) {
                    tags.add(conversation.id(), entry.getValue());
                    tagged++;
                }
            }
        }
        return tagged;
    }
}
