package io.loyaltydesk.engagement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import io.loyaltydesk.segments.SegmentDefinition;
import io.loyaltydesk.segments.Segments;
import io.loyaltydesk.staff.AuditQuery;
import io.loyaltydesk.staff.AuditTrail;
import io.loyaltydesk.staff.Role;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The console's engagement pages: everyone on the staff reads, admins and program managers change. */
class EngagementConsoleTest extends EngagementTestSupport {

    @Autowired
    Segments segments;
    @Autowired
    Surprises surprises;
    @Autowired
    AuditTrail audit;

    @Test
    void everyRoleSeesThePagesButOnlyProgramManagersAndAdminsChangeThem() throws Exception {
        for (var role : Role.values()) {
            for (var page : List.of("/console/engagement/referrals", "/console/engagement/challenges",
                    "/console/engagement/surprises")) {
                mvc.perform(get(page).with(staff(role))).andExpect(status().isOk());
            }
        }
        mvc.perform(get("/console/engagement/referrals").with(staff(Role.READ_ONLY)))
                .andExpect(content().string(containsString("Only admins and program managers")))
                .andExpect(content().string(containsString("disabled")));
        for (var role : List.of(Role.READ_ONLY, Role.AGENT, Role.STORE_STAFF, Role.SUPERVISOR)) {
            mvc.perform(post("/console/engagement/referrals").with(staff(role)).with(csrf())
                            .param("referrerPoints", "1").param("referredPoints", "1").param("minPurchaseAmount", "1")
                            .param("qualifyDays", "1").param("monthlyCap", "1"))
                    .andExpect(status().isForbidden());
            mvc.perform(get("/console/engagement/challenges/new").with(staff(role))).andExpect(status().isForbidden());
            mvc.perform(post("/console/engagement/challenges").with(staff(role)).with(csrf()).param("name", "X"))
                    .andExpect(status().isForbidden());
            mvc.perform(post("/console/engagement/surprises").with(staff(role)).with(csrf()).param("segment", "X"))
                    .andExpect(status().isForbidden());
        }
        assertThat(referrals.settings()).isEqualTo(SETTINGS);

        mvc.perform(post("/console/engagement/referrals").with(staff(Role.PROGRAM_MANAGER)).with(csrf())
                        .param("enabled", "true").param("referrerPoints", "120").param("referredPoints", "60")
                        .param("minPurchaseAmount", "15,50").param("qualifyDays", "14").param("monthlyCap", "3")
                        .param("reason", "winter campaign"))
                .andExpect(redirectedUrl("/console/engagement/referrals"));
        assertThat(referrals.settings()).isEqualTo(new ReferralSettings(true, 120, 60,
                new java.math.BigDecimal("15.50"), 14, 3));
    }

    @Test
    void badSettingsAreExplainedNextToTheFieldsAndNothingChanges() throws Exception {
        mvc.perform(post("/console/engagement/referrals").with(staff(Role.ADMIN)).with(csrf())
                        .param("enabled", "true").param("referrerPoints", "lots").param("referredPoints", "-1")
                        .param("minPurchaseAmount", "10").param("qualifyDays", "400").param("monthlyCap", "5"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"referrerPoints-error\"")))
                .andExpect(content().string(containsString("must be a number")));
        mvc.perform(post("/console/engagement/referrals").with(staff(Role.ADMIN)).with(csrf())
                        .param("enabled", "true").param("referrerPoints", "10").param("referredPoints", "-1")
                        .param("minPurchaseAmount", "10").param("qualifyDays", "400").param("monthlyCap", "5"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"referredPoints-error\"")))
                .andExpect(content().string(containsString("id=\"qualifyDays-error\"")));
        assertThat(referrals.settings()).isEqualTo(SETTINGS);
    }

    @Test
    void aProgramManagerDefinesAChallengeInTheConsole() throws Exception {
        var name = "Coffee lover " + unique();
        mvc.perform(post("/console/engagement/challenges").with(staff(Role.PROGRAM_MANAGER)).with(csrf())
                        .param("name", name).param("icon", "CUP").param("kind", "CATEGORY_SPEND").param("target", "")
                        .param("category", "").param("startsOn", "2026-13-01").param("rewardPoints", "20"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"target-error\"")))
                .andExpect(content().string(containsString("id=\"startsOn-error\"")));
        assertThat(challenges.all()).noneMatch(c -> c.name().equals(name));

        mvc.perform(post("/console/engagement/challenges").with(staff(Role.PROGRAM_MANAGER)).with(csrf())
                        .param("name", name).param("icon", "CUP").param("kind", "CATEGORY_SPEND").param("target", "25")
                        .param("category", "coffee").param("startsOn", "2026-01-01").param("rewardPoints", "20"))
                .andExpect(redirectedUrl("/console/engagement/challenges"));
        var created = challenges.all().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
        assertThat(created.category()).isEqualTo("COFFEE");
        assertThat(created.icon()).isEqualTo(BadgeIcon.CUP);
        mvc.perform(get("/console/engagement/challenges").with(staff(Role.READ_ONLY)))
                .andExpect(content().string(containsString(name)))
                .andExpect(content().string(not(containsString("/console/engagement/challenges/" + created.id() + "/edit"))));
    }

    @Test
    void aSurpriseReachesEverySegmentMemberOnceEvenWhenTheFormIsSentTwice() throws Exception {
        var code = "SURPRISE" + unique();
        segments.create(new SegmentDefinition(code, "Surprise test", null));
        long anna = enroll("Anna");
        long ben = enroll("Ben");
        long outsider = enroll("Cleo");
        segments.addMembers(code, List.of(anna, ben), "test");
        var key = UUID.randomUUID().toString();

        for (int i = 0; i < 2; i++) {
            mvc.perform(post("/console/engagement/surprises").with(staff(Role.PROGRAM_MANAGER)).with(csrf())
                            .param("requestKey", key).param("segment", code).param("points", "25")
                            .param("message", "Thank you for a great year"))
                    .andExpect(redirectedUrl("/console/engagement/surprises"));
        }

        assertThat(earnings(anna, Surprises.SOURCE_TYPE)).singleElement().satisfies(e -> {
            assertThat(e.points()).isEqualTo(25);
            assertThat(e.explanation()).isEqualTo("Surprise: Thank you for a great year");
        });
        assertThat(pointsFrom(ben, Surprises.SOURCE_TYPE)).isEqualTo(25);
        assertThat(pointsFrom(outsider, Surprises.SOURCE_TYPE)).isZero();
        assertThat(surprises.recent(100)).filteredOn(s -> s.segmentCode().equals(code)).singleElement()
                .satisfies(s -> assertThat(s.memberCount()).isEqualTo(2));
        assertThat(audit.search(new AuditQuery(null, "surprise.granted", "segment", code, null, null), null, 10)
                .items()).hasSize(1);

        mvc.perform(post("/console/engagement/surprises").with(staff(Role.PROGRAM_MANAGER)).with(csrf())
                        .param("requestKey", UUID.randomUUID().toString()).param("segment", "").param("points", "0")
                        .param("message", ""))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"segment-error\"")))
                .andExpect(content().string(containsString("id=\"points-error\"")))
                .andExpect(content().string(containsString("id=\"message-error\"")));
    }
}
