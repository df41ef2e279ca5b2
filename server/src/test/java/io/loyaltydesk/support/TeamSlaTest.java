package io.loyaltydesk.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.staff.Role;
import io.loyaltydesk.support.internal.SlaTimers;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** A team's own SLA policy: chosen as a conversation reaches the team, the default policy otherwise. */
class TeamSlaTest extends ConversationTestSupport {

    @Autowired
    ServiceLevels levels;

    @Autowired
    SlaTimers timers;

    @Autowired
    Teams teams;

    @Autowired
    ConversationTags tags;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate transactions;

    private Instant restore;
    private SlaPolicy standard;
    private SlaPolicy fast;

    @BeforeEach
    void policies() {
        restore = clock.instant();
        long n = unique();
        standard = as(() -> levels.savePolicy("Standard " + n, null, targets(60, 30, 600), true));
        fast = as(() -> levels.savePolicy("Fast lane " + n, null, targets(10, 5, 120), false));
    }

    @AfterEach
    void putBack() {
        clock.set(restore);
        jdbc.sql("update support_sla_policies set is_default = false where is_default").update();
    }

    private static <T> T as(java.util.function.Supplier<T> work) {
        return Actor.callAs(Actor.system("test"), work);
    }

    private static EnumMap<Conversation.Priority, SlaPolicy.Target> targets(int first, int next, int resolution) {
        var targets = new EnumMap<Conversation.Priority, SlaPolicy.Target>(Conversation.Priority.class);
        for (var priority : Conversation.Priority.values()) {
            targets.put(priority, new SlaPolicy.Target(first, next, resolution));
        }
        return targets;
    }

    private Team team(String name) {
        return as(() -> teams.save(null, name + " " + unique(), null, Team.Assignment.MANUAL, List.of()));
    }

    @Test
    void aTeamWithItsOwnPolicyGetsItAndEveryOtherTeamFallsBackToTheDefault() {
        var vip = team("VIP");
        var general = team("General");
        as(() -> {
            levels.setTeamPolicy(vip.id(), fast.id());
            return null;
        });
        assertThat(levels.policyFor(vip.id())).map(SlaPolicy::id).contains(fast.id());
        assertThat(levels.policyFor(general.id())).map(SlaPolicy::id).contains(standard.id());
        assertThat(levels.policyFor(null)).map(SlaPolicy::id).contains(standard.id());
        assertThat(levels.teamPolicies()).containsEntry(vip.id(), fast.id()).doesNotContainKey(general.id());

        as(() -> {
            levels.setTeamPolicy(vip.id(), null);
            return null;
        });
        assertThat(levels.policyFor(vip.id())).map(SlaPolicy::id).contains(standard.id());
    }

    @Test
    void anUnknownPolicyOrTeamIsRefusedAndNothingChanges() {
        var vip = team("VIP");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> as(() -> {
            levels.setTeamPolicy(vip.id(), -1L);
            return null;
        })).isInstanceOf(CommandRefusedException.InvalidInput.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> as(() -> {
            levels.setTeamPolicy(-1, fast.id());
            return null;
        })).isInstanceOf(CommandRefusedException.NotFound.class);
        assertThat(levels.teamPolicies()).doesNotContainKey(vip.id());
    }

    @Test
    void routedToATeamTheConversationCountsUnderItsPolicyAndMovedOnUnderTheNextTeams() throws Exception {
        var vip = team("VIP");
        var general = team("General");
        as(() -> {
            levels.setTeamPolicy(vip.id(), fast.id());
            return null;
        });
        var tag = "vipsla" + unique();
        var rule = teams.addRule(null, null, tag, null, vip.id(), null);
        try {
            long id = open(uniqueEmail(), "Team SLA", "Where are my points?");
            var opened = conversations.get(id);
            assertThat(opened.teamId()).as("no catch-all rule routed it").isNull();
            var due = timers.due(id).orElseThrow();
            assertThat(due.policyId()).isEqualTo(standard.id());
            assertThat(due.firstResponseDueAt()).isEqualTo(opened.createdAt().plus(Duration.ofMinutes(60)));

            // a tag routes it to VIP: the fast lane, counted from the opening
            as(() -> new Object[] {tags.add(id, tag)});
            assertThat(conversations.get(id).teamId()).isEqualTo(vip.id());
            due = timers.due(id).orElseThrow();
            assertThat(due.policyId()).isEqualTo(fast.id());
            assertThat(due.firstResponseDueAt()).isEqualTo(opened.createdAt().plus(Duration.ofMinutes(10)));
            assertThat(due.resolutionDueAt()).isEqualTo(opened.createdAt().plus(Duration.ofMinutes(120)));

            // answered, then the member writes again: a next response is owed under the fast lane
            Actor.callAs(new Actor(Actor.Type.STAFF, null, "jonas", null),
                    () -> conversations.reply(id, "Looking into it", null));
            clock.set(clock.instant().plus(Duration.ofMinutes(20)));
            var memberMessage = as(() -> conversations.memberWrote(id, "Any news?"));
            assertThat(timers.due(id).orElseThrow().nextResponseDueAt())
                    .isEqualTo(memberMessage.createdAt().plus(Duration.ofMinutes(5)));

            // moved to General (no policy of its own), the way a team change is published: the default policy's times
            clock.set(clock.instant().plus(Duration.ofMinutes(2)));
            transactions.executeWithoutResult(s -> {
                var before = conversations.get(id);
                jdbc.sql("update conversations set team_id = :team where id = :id").param("team", general.id())
                        .param("id", id).update();
                events.publishEvent(new ConversationChanged(before, conversations.get(id)));
            });
            due = timers.due(id).orElseThrow();
            assertThat(due.policyId()).isEqualTo(standard.id());
            assertThat(due.firstResponseDueAt()).isEqualTo(opened.createdAt().plus(Duration.ofMinutes(60)));
            assertThat(due.resolutionDueAt()).isEqualTo(opened.createdAt().plus(Duration.ofMinutes(600)));
            assertThat(due.nextResponseDueAt()).as("still owed, from the member's unanswered message")
                    .isEqualTo(memberMessage.createdAt().plus(Duration.ofMinutes(30)));
        } finally {
            teams.deleteRule(rule.id());
        }
    }

    @Test
    void supervisorsSetATeamsPolicyOnTheSlaPageAgentsCannot() throws Exception {
        var vip = team("Console VIP");
        mvc.perform(post("/console/support/team-policies").with(staff(Role.AGENT)).with(csrf())
                        .param("team", Long.toString(vip.id())).param("policy", Long.toString(fast.id())))
                .andExpect(status().isForbidden());
        assertThat(levels.teamPolicies()).doesNotContainKey(vip.id());

        mvc.perform(post("/console/support/team-policies").with(staff(Role.SUPERVISOR)).with(csrf())
                        .param("team", Long.toString(vip.id())).param("policy", Long.toString(fast.id())))
                .andExpect(status().is3xxRedirection());
        assertThat(levels.teamPolicies()).containsEntry(vip.id(), fast.id());
        mvc.perform(get("/console/support/sla").with(staff(Role.SUPERVISOR)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Policies per team")))
                .andExpect(content().string(containsString(vip.name())));

        mvc.perform(post("/console/support/team-policies").with(staff(Role.SUPERVISOR)).with(csrf())
                        .param("team", Long.toString(vip.id())).param("policy", "not-a-number"))
                .andExpect(status().isOk());
        assertThat(levels.teamPolicies()).as("nothing changed").containsEntry(vip.id(), fast.id());

        mvc.perform(post("/console/support/team-policies").with(staff(Role.SUPERVISOR)).with(csrf())
                        .param("team", Long.toString(vip.id())).param("policy", ""))
                .andExpect(status().is3xxRedirection());
        assertThat(levels.teamPolicies()).doesNotContainKey(vip.id());
    }
}
