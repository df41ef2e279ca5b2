package io.loyaltydesk.demo.internal;

import io.loyaltydesk.engagement.BadgeIcon;
import io.loyaltydesk.engagement.ChallengeDefinition;
import io.loyaltydesk.engagement.ChallengeKind;
import io.loyaltydesk.engagement.Challenges;
import io.loyaltydesk.engagement.ReferralSettings;
import io.loyaltydesk.engagement.Referrals;
import io.loyaltydesk.members.Channel;
import io.loyaltydesk.members.Enrollment;
import io.loyaltydesk.members.Member;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.purchases.PurchaseRequest;
import io.loyaltydesk.purchases.Purchases;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The engagement side of the demo, after the purchases: the referral program's settings, five challenges whose
 * badges the demo members earn from the purchases they already made, and a few friends who joined with demo
 * members' codes this month (most of them shopped since, one not yet, one below the qualifying amount).
 */
@Component
class DemoEngagement {

    static final String MARKER = "Explorer";
    /** The friends' purchases come from a till of their own, apart from the year of demo purchases. */
    static final String SOURCE = "demo-referral-pos";
    private static final Duration LISTENER_WAIT_MAX = Duration.ofMinutes(3);

    record Seeded(int challenges, int badges, int referrals, int qualified) {
    }

    /** A friend who joins with a demo member's code, and what they spent since (null: nothing yet). */
    private record Friend(String firstName, String lastName, String spent) {
    }

    private static final List<Friend> FRIENDS = List.of(new Friend("Clara", "Neumann", "14.80"),
            new Friend("Emil", "Brandt", "23.40"), new Friend("Ida", "Sommer", "9.60"),
            new Friend("Oskar", "Lindner", "31.20"), new Friend("Greta", "Hahn", null),
            new Friend("Nora", "Winter", "12.90"));

    private final Challenges challenges;
    private final Referrals referrals;
    private final Members members;
    private final Purchases purchases;
    private final JdbcClient jdbc;
    private final Clock clock;

    DemoEngagement(Challenges challenges, Referrals referrals, Members members, Purchases purchases, JdbcClient jdbc,
            Clock clock) {
        this.challenges = challenges;
        this.referrals = referrals;
        this.members = members;
        this.purchases = purchases;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    boolean seeded() {
        return challenges.all().stream().anyMatch(c -> c.name().equals(MARKER));
    }

    Seeded seed(List<Member> demoMembers, String store) {
        referrals.updateSettings(new ReferralSettings(true, 150, 75, new BigDecimal("10.00"), 30, 5),
                "demo program");
        var today = challenges.today();
        var defined = List.of(
                new ChallengeDefinition("Regular", "Ten visits since the summer", BadgeIcon.STAR,
                        ChallengeKind.VISITS, new BigDecimal("10"), null, today.minusDays(120), null, 50),
                new ChallengeDefinition("Three weeks in a row", "A purchase in three weeks running", BadgeIcon.FLAME,
                        ChallengeKind.STREAK_WEEKS, new BigDecimal("3"), null, today.minusDays(90), null, 40),
                new ChallengeDefinition("Coffee lover", "Spend 60 EUR on coffee this winter", BadgeIcon.CUP,
                        ChallengeKind.CATEGORY_SPEND, new BigDecimal("60"), "COFFEE", today.minusDays(45),
                        today.plusDays(60), 30),
                new ChallengeDefinition(MARKER, "Shop in three of our cafés", BadgeIcon.MAP, ChallengeKind.STORES,
                        new BigDecimal("3"), null, today.minusDays(365), null, 75),
                new ChallengeDefinition("Winter champion", "25 visits before spring", BadgeIcon.TROPHY,
                        ChallengeKind.VISITS, new BigDecimal("25"), null, today.minusDays(30), today.plusDays(90),
                        100));
        defined.forEach(challenges::create);
        // the purchases were counted by the engagement listener as they were recorded; badges come from them
        awaitListener();
        int badges = 0;
        for (var member : demoMembers) {
            badges += challenges.evaluate(member.id().value()).size();
        }
        int joined = 0;
        int qualified = 0;
        for (int i = 0; i < FRIENDS.size() && demoMembers.size() > 3; i++) {
            var friend = FRIENDS.get(i);
            var referrer = demoMembers.get(i % 3 * 7 % demoMembers.size());
            var email = friend.firstName().toLowerCase() + "." + friend.lastName().toLowerCase() + "@example.net";
            var member = members.enroll(new Enrollment(friend.firstName(), friend.lastName(), email, null, null, "de",
                    null, null, null, Map.of(Channel.EMAIL, true), "demo-referral", null));
            referrals.join(member.id().value(), referrals.codeOf(referrer.id().value()));
            joined++;
            if (friend.spent() != null) {
                var amount = new BigDecimal(friend.spent());
                purchases.record(new PurchaseRequest("DEMO-REF-" + member.memberNumber(), store, "POS",
                        member.id().value(), null, null, null,
                        clock.instant().toString(), "EUR", amount,
                        List.of(new PurchaseRequest.Line("CAPPUCCINO", "COFFEE", BigDecimal.ONE, amount, amount))),
                        SOURCE);
                if (amount.compareTo(new BigDecimal("10.00")) >= 0) {
                    qualified++;
                }
            }
        }
        return new Seeded(defined.size(), badges, joined, qualified);
    }

    /** Waits until the engagement module has counted the demo purchases recorded so far (their follow-ups). */
    private void awaitListener() {
        DemoListeners.await(jdbc, Instant.EPOCH, LISTENER_WAIT_MAX, "badges", "io.loyaltydesk.engagement.",
                "io.loyaltydesk.purchases.");
    }

    /** For the log: badges earned in the whole program. */
    long badgesEarned() {
        return challenges.earnedTotal();
    }

}
