package io.loyaltydesk.engagement;

import static org.assertj.core.api.Assertions.assertThat;

import io.loyaltydesk.members.MemberId;
import io.loyaltydesk.members.Members;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A duplicate merged into a survivor brings its purchases, badges, code and referrals along. */
class EngagementMergeTest extends EngagementTestSupport {

    @Autowired
    Members members;

    @Test
    void theSurvivorTakesOverTheDuplicatesEngagement() throws Exception {
        var visits = challenges.create(new ChallengeDefinition("Three visits " + unique(), null, BadgeIcon.STAR,
                ChallengeKind.VISITS, new BigDecimal("3"), null, challenges.today().minusDays(1), null, 0));
        long ben = enroll("Ben");
        long duplicate = enroll("Ben");
        var duplicateCode = referrals.codeOf(duplicate);
        long anna = enroll("Anna");
        referrals.join(anna, duplicateCode);
        referrals.join(ben, duplicateCode);
        buy(ben, "5.00", "COFFEE");
        buy(duplicate, "5.00", "COFFEE");
        buy(duplicate, "5.00", "COFFEE");
        assertThat(challenges.badges(ben).earned()).noneMatch(e -> e.challenge().id() == visits.id());

        members.merge(new MemberId(ben), new MemberId(duplicate), "same person");
        eventually(() -> challenges.badges(ben).earned().stream().anyMatch(e -> e.challenge().id() == visits.id()));

        assertThat(referrals.find(anna).orElseThrow().referrerMemberId()).isEqualTo(ben);
        assertThat(referrals.codeOf(ben)).as("Ben had no code yet: he takes the duplicate's").isEqualTo(duplicateCode);
        assertThat(referrals.find(ben)).as("referred by himself after the merge").isEmpty();
        assertThat(referrals.summary(ben).joined()).isEqualTo(1);
    }
}
