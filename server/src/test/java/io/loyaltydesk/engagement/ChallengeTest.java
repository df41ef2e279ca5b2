package io.loyaltydesk.engagement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.loyaltydesk.purchases.PurchaseRecorded;
import io.loyaltydesk.staff.Scope;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import io.loyaltydesk.tiers.Tiers;

class ChallengeTest extends EngagementTestSupport {

    @Autowired
    Tiers tiers;

    Challenge challenge(String name, ChallengeKind kind, String target, String category, long points) {
        return challenges.create(new ChallengeDefinition(name + " " + unique(), "test", BadgeIcon.FLAME, kind,
                new BigDecimal(target), category, challenges.today().minusDays(1), null, points));
    }

    BigDecimal progressOf(long member, long challengeId) {
        return challenges.badges(member).inProgress().stream().filter(p -> p.challenge().id() == challengeId)
                .map(MemberBadges.InProgress::value).findFirst().orElseThrow();
    }

    /** Other tests' challenges run at the same time: only this challenge's points count. */
    java.util.List<io.loyaltydesk.ledger.HistoryEntry> badgeEarnings(long member, Challenge challenge) {
        return earnings(member, Challenges.SOURCE_TYPE).stream()
                .filter(e -> Long.toString(challenge.id()).equals(e.sourceId())).toList();
    }

    boolean earned(long member, long challengeId) {
        return challenges.badges(member).earned().stream().anyMatch(e -> e.challenge().id() == challengeId);
    }

    @Test
    void aStreakOfWeeksIsEarnedOnTheThirdConsecutiveWeek() throws Exception {
        // a Wednesday noon, so that a week later is in the next Monday-to-Sunday week whatever the zone
        var wednesday = LocalDate.ofInstant(clock.instant(), tiers.zone()).with(TemporalAdjusters.next(DayOfWeek.WEDNESDAY));
        clock.set(wednesday.atTime(12, 0).atZone(tiers.zone()).toInstant());
        var streak = challenges.create(new ChallengeDefinition("Three weeks " + unique(), null, BadgeIcon.FLAME,
                ChallengeKind.STREAK_WEEKS, new BigDecimal("3"), null, wednesday, null, 75));
        long mia = enroll("Mia");

        buy(mia, "5.00", "COFFEE");
        buy(mia, "5.00", "COFFEE");
        assertThat(progressOf(mia, streak.id())).isEqualByComparingTo("1");
        clock.advance(Duration.ofDays(7));
        buy(mia, "5.00", "COFFEE");
        assertThat(progressOf(mia, streak.id())).isEqualByComparingTo("2");
        // a week without a purchase breaks the run
        clock.advance(Duration.ofDays(14));
        buy(mia, "5.00", "COFFEE");
        assertThat(progressOf(mia, streak.id())).as("the longest run so far").isEqualByComparingTo("2");
        assertThat(earned(mia, streak.id())).isFalse();
        clock.advance(Duration.ofDays(7));
        buy(mia, "5.00", "COFFEE");
        clock.advance(Duration.ofDays(7));
        buy(mia, "5.00", "COFFEE");

        assertThat(earned(mia, streak.id())).isTrue();
        assertThat(badgeEarnings(mia, streak)).singleElement()
                .satisfies(e -> {
                    assertThat(e.points()).isEqualTo(75);
                    assertThat(e.explanation()).isEqualTo("Badge earned: " + streak.name());
                });
        mvc.perform(get("/api/v1/members/{id}/badges", mia).with(apiKey()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.earned[?(@.challenge.id == %d)].pointsAwarded".formatted(streak.id()))
                        .value(75));
    }

    @Test
    void returnsLowerProgressAndNeverAwardABadgeTwice() throws Exception {
        var visits = challenge("Two visits", ChallengeKind.VISITS, "2", null, 40);
        var coffee = challenge("Coffee", ChallengeKind.CATEGORY_SPEND, "30", "coffee", 0);
        long mia = enroll("Mia");

        var first = buy(mia, "20.00", "COFFEE");
        assertThat(progressOf(mia, coffee.id())).isEqualByComparingTo("20.00");
        returnAmount(first.path("externalId").asString(), "10.00", mia, first.path("id").asLong());
        assertThat(progressOf(mia, coffee.id())).as("half returned").isEqualByComparingTo("10.00");

        var second = buy(mia, "8.00", "BAKERY");
        assertThat(earned(mia, visits.id())).isTrue();
        // the second purchase comes back in full: progress drops, the badge stays, and buying again awards nothing
        returnAmount(second.path("externalId").asString(), "8.00", mia, second.path("id").asLong());
        buy(mia, "8.00", "BAKERY");
        buy(mia, "8.00", "BAKERY");

        assertThat(badgeEarnings(mia, visits)).singleElement()
                .satisfies(e -> assertThat(e.points()).isEqualTo(40));
        assertThat(challenges.badges(mia).earned()).filteredOn(e -> e.challenge().id() == visits.id()).hasSize(1);
    }

    @Test
    void aPurchaseDeliveredTwiceCountsOnce() throws Exception {
        var visits = challenge("Three visits", ChallengeKind.VISITS, "3", null, 0);
        long mia = enroll("Mia");
        var receipt = buy(mia, "5.00", "COFFEE");
        var event = new PurchaseRecorded(receipt.path("id").asLong(), mia, clock.instant(), new BigDecimal("5.00"),
                "EUR", store, 5);

        challenges.purchaseRecorded(event);
        challenges.purchaseRecorded(event);

        assertThat(progressOf(mia, visits.id())).isEqualByComparingTo("1");
    }

    @Test
    void purchasesCountedAtTheSameTimeStillCompleteTheChallengeOnce() throws Exception {
        // found by the browser test: three purchases counted at once each saw only itself, and no badge came
        var visits = challenge("Four visits", ChallengeKind.VISITS, "4", null, 20);
        long mia = enroll("Mia");
        var start = new java.util.concurrent.CountDownLatch(1);
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            var done = new java.util.ArrayList<java.util.concurrent.Future<?>>();
            for (int i = 0; i < 8; i++) {
                var event = new PurchaseRecorded(800_000_000L + unique(), mia, clock.instant(),
                        new BigDecimal("5.00"), "EUR", store, 5);
                done.add(pool.submit((java.util.concurrent.Callable<Void>) () -> {
                    start.await();
                    challenges.purchaseRecorded(event);
                    return null;
                }));
            }
            start.countDown();
            for (var f : done) {
                f.get();
            }
        }
        assertThat(earned(mia, visits.id())).isTrue();
        assertThat(badgeEarnings(mia, visits)).hasSize(1);
    }

    @Test
    void differentStoresCountOncePerStore() throws Exception {
        var tour = challenge("Two stores", ChallengeKind.STORES, "2", null, 10);
        long mia = enroll("Mia");
        buy(mia, "5.00", "COFFEE");
        buy(mia, "5.00", "COFFEE");
        assertThat(progressOf(mia, tour.id())).isEqualByComparingTo("1");
        var home = store;
        aStoreAndTheReferralSettings();
        buy(mia, "5.00", "COFFEE");
        assertThat(earned(mia, tour.id())).as("bought in %s and %s", home, store).isTrue();
    }

    @Test
    void challengesAreDefinedThroughTheApiWithEveryBadFieldNamed() throws Exception {
        mvc.perform(post("/api/v1/challenges").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"\", \"icon\": \"STAR\", \"kind\": \"CATEGORY_SPEND\", \"target\": 0}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder(
                        "name", "target", "category", "startsOn")));
        mvc.perform(post("/api/v1/challenges").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"X\", \"icon\": \"UNICORN\", \"kind\": \"VISITS\", \"target\": 2}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("icon"));

        var created = json.readTree(mvc.perform(post("/api/v1/challenges").with(apiKey())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"name": "Explorer", "description": "Visit three of our stores", "icon": "MAP",
                                 "kind": "STORES", "target": 3, "startsOn": "2026-01-01", "endsOn": "2026-12-31",
                                 "rewardPoints": 30}
                                """))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString());
        long id = created.path("id").asLong();
        mvc.perform(put("/api/v1/challenges/{id}", id).with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"name": "Explorer", "icon": "MAP", "kind": "STORES", "target": 4,
                                 "startsOn": "2026-01-01", "endsOn": "2025-12-31", "rewardPoints": 30}
                                """))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("endsOn"));
        mvc.perform(get("/api/v1/challenges/{id}", id).with(apiKey()))
                .andExpect(jsonPath("$.target").value(3)).andExpect(jsonPath("$.icon").value("MAP"));

        var reader = createKey(Scope.ENGAGEMENT_READ);
        mvc.perform(get("/api/v1/challenges").with(apiKey(reader))).andExpect(status().isOk());
        mvc.perform(delete("/api/v1/challenges/{id}", id).with(apiKey(reader))).andExpect(status().isForbidden());
        mvc.perform(delete("/api/v1/challenges/{id}", id).with(apiKey())).andExpect(status().isNoContent());
        mvc.perform(get("/api/v1/challenges/{id}", id).with(apiKey())).andExpect(status().isNotFound());
    }

    @Test
    void anEarnedChallengeCannotBeDeleted() throws Exception {
        var one = challenge("One visit", ChallengeKind.VISITS, "1", null, 0);
        long mia = enroll("Mia");
        buy(mia, "5.00", "COFFEE");
        assertThat(earned(mia, one.id())).isTrue();
        mvc.perform(delete("/api/v1/challenges/{id}", one.id()).with(apiKey())).andExpect(status().isConflict());
    }
}
