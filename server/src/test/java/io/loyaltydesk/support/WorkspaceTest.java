package io.loyaltydesk.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.loyaltydesk.members.MemberId;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.staff.Role;
import io.loyaltydesk.staff.Scope;
import io.loyaltydesk.staff.StaffDirectory;
import io.loyaltydesk.support.internal.ConversationMetrics;
import io.loyaltydesk.support.internal.DeskNotifications;
import io.loyaltydesk.support.internal.Inbox;
import io.loyaltydesk.support.internal.InboxView;
import io.loyaltydesk.tiers.TierDefinition;
import io.loyaltydesk.tiers.Tiers;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Routing, tags, macros, mentions, search, metrics and the conversation API on the embedded PostgreSQL. */
class WorkspaceTest extends ConversationTestSupport {

    @Autowired
    Teams teams;

    @Autowired
    ConversationTags tags;

    @Autowired
    Macros macros;

    @Autowired
    Tiers tiers;

    @Autowired
    Members members;

    @Autowired
    StaffDirectory staff;

    @Autowired
    DeskNotifications notifications;

    @Autowired
    ConversationMetrics metrics;

    @Autowired
    Inbox inbox;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    io.loyaltydesk.staff.internal.ApiKeys apiKeys;

    private final List<Long> rules = new java.util.ArrayList<>();

    @AfterEach
    void removeRules() {
        // routing rules are global: leave none behind for the other tests
        rules.forEach(teams::deleteRule);
        rules.clear();
    }

    private Team team(String name, Team.Assignment assignment, List<String> agents, String supervisor) {
        return Actor.callAs(Actor.system("test"), () -> teams.save(null, name, supervisor, assignment, agents));
    }

    private void tagRule(String tag, Team team) {
        rules.add(teams.addRule(null, null, tag, null, team.id(), null).id());
    }

    private long openTagged(String tag) throws Exception {
        long id = open(uniqueEmail(), "Question " + unique(), "Where are my points?");
        tags.add(id, tag);
        return id;
    }

    @Test
    void roundRobinGivesEachAvailableAgentATurnInOrder() throws Exception {
        long n = unique();
        var a = "rr-a" + n;
        var b = "rr-b" + n;
        var c = "rr-c" + n;
        var team = team("Round robin " + n, Team.Assignment.ROUND_ROBIN, List.of(c, a, b), null);
        for (var agent : List.of(a, b, c)) {
            teams.setAvailable(agent, true);
        }
        var tag = "rr" + n;
        tagRule(tag, team);

        var assignees = new java.util.ArrayList<String>();
        for (int i = 0; i < 5; i++) {
            assignees.add(conversations.get(openTagged(tag)).assignee());
        }

        assertThat(assignees).containsExactly(a, b, c, a, b);
        long routed = openTagged(tag);
        assertThat(conversations.messages(routed)).extracting(Message::body)
                .anyMatch(line -> line.startsWith("Routed to team Round robin " + n + " by routing rule"))
                .anyMatch(line -> line.equals("routing assigned this to " + c));
    }

    @Test
    void capacityIsNeverExceededAndFreedRoomIsFilled() throws Exception {
        long n = unique();
        var agent = "cap" + n;
        var team = team("Capacity " + n, Team.Assignment.CAPACITY, List.of(agent), null);
        teams.setCapacity(agent, 2);
        var tag = "cap" + n;
        tagRule(tag, team);

        long away = openTagged(tag);
        assertThat(conversations.get(away).assignee()).as("nobody is available yet").isNull();

        assertThat(teams.setAvailable(agent, true)).as("becoming available hands over the waiting one").isEqualTo(1);
        assertThat(conversations.get(away).assignee()).isEqualTo(agent);
        long second = openTagged(tag);
        long third = openTagged(tag);
        assertThat(conversations.get(second).assignee()).isEqualTo(agent);
        assertThat(conversations.get(third).assignee()).as("over capacity").isNull();
        assertThat(teams.agent(agent).openNow()).isEqualTo(2);

        conversations.changeStatus(away, Conversation.Status.SOLVED);
        assertThat(conversations.get(third).assignee()).as("solving one makes room for the waiting one")
                .isEqualTo(agent);
    }

    @Test
    void twoConversationsArrivingAtOnceNeverBothTakeTheLastPlace() throws Exception {
        long n = unique();
        var agent = "race" + n;
        var team = team("Race " + n, Team.Assignment.ROUND_ROBIN, List.of(agent), null);
        teams.setCapacity(agent, 1);
        teams.setAvailable(agent, true);
        var tag = "race" + n;
        tagRule(tag, team);
        long first = open(uniqueEmail(), "First " + n, "hello");
        long second = open(uniqueEmail(), "Second " + n, "hello");

        var start = new CountDownLatch(1);
        var pool = Executors.newFixedThreadPool(2);
        try {
            for (long id : List.of(first, second)) {
                pool.submit(() -> {
                    start.await();
                    return tags.add(id, tag);
                });
            }
            start.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            pool.shutdownNow();
        }

        var assignees = java.util.stream.Stream.of(first, second).map(id -> conversations.get(id).assignee()).toList();
        assertThat(assignees).containsOnlyOnce(agent).containsOnlyOnce((String) null);
        assertThat(teams.agent(agent).openNow()).isEqualTo(1);
    }

    @Test
    void vipMembersGoToThePriorityTeamWithHigherPriority() throws Exception {
        long n = unique();
        var code = "VIP" + n;
        boolean baseCreated = tiers.all().stream().noneMatch(t -> t.rank() == 0);
        Actor.callAs(Actor.system("test"), () -> {
            if (baseCreated) {
                tiers.create(new TierDefinition("BASE", "Member", 0, "#8A8F98", "Points", null, BigDecimal.ZERO));
            }
            return tiers.create(new TierDefinition(code, "VIP " + n, 900 + (int) (n % 90), "#aa8800",
                    "Priority support", BigDecimal.ONE, BigDecimal.valueOf(10_000_000L + n)));
        });
        try {
            vipRouting(n, code);
        } finally {
            // the tier tests set up their own tiers; leave only what was there
            jdbc.sql("delete from tiers where code = :code or (:base and code = 'BASE')").param("code", code)
                    .param("base", baseCreated).update();
        }
    }

    private void vipRouting(long n, String code) throws Exception {
        var email = uniqueEmail();
        long memberId = enroll("Vera", email);
        Actor.callAs(Actor.system("test"), () -> tiers.override(new MemberId(memberId), code,
                LocalDate.now(clock).plusYears(1), "test VIP"));
        var agent = "vipagent" + n;
        var vip = team("VIP " + n, Team.Assignment.ROUND_ROBIN, List.of(agent), null);
        teams.setAvailable(agent, true);
        rules.add(teams.addRule(null, null, null, code, vip.id(), Conversation.Priority.HIGH).id());

        long id = open(email, "Upgrade question", "When do I get my lounge access?");
        long other = open(uniqueEmail(), "Not a VIP " + n, "hello");

        var conversation = conversations.get(id);
        assertThat(conversation.priority()).isEqualTo(Conversation.Priority.HIGH);
        assertThat(conversation.assignee()).isEqualTo(agent);
        assertThat(inbox.page(new Inbox.Filter(InboxView.TEAM, null, vip.id(), null, null, null), null, 10).items())
                .extracting(r -> r.conversation().id()).containsExactly(id);
        assertThat(conversations.get(other).priority()).isEqualTo(Conversation.Priority.NORMAL);
        assertThat(conversations.get(other).assignee()).isNull();
    }

    @Test
    void tagsAreNormalisedAndBadOnesRefused() throws Exception {
        long id = open(uniqueEmail(), "Tags " + unique(), "hello");
        assertThat(tags.add(id, " #Missing-Points ")).containsExactly("missing-points");
        assertThat(tags.add(id, "missing-points")).containsExactly("missing-points");
        assertThatThrownBy(() -> tags.add(id, "no spaces please")).isInstanceOf(CommandRefusedException.InvalidInput.class);
        assertThat(tags.remove(id, "MISSING-POINTS")).isEmpty();
        assertThat(conversations.messages(id)).extracting(Message::body)
                .contains("system added the tag missing-points", "system removed the tag missing-points");
    }

    @Test
    void macrosFillTheMemberIntoTheReplyAndSetStatusAndTags() throws Exception {
        long n = unique();
        var email = uniqueEmail();
        long memberId = enroll("Mila", email);
        ledger.adjust(memberId, 120, "welcome", null, null, null);
        long id = open(email, "Balance " + n, "How many points do I have?");
        var macro = Actor.callAs(Actor.system("test"), () -> macros.save(null, "Balance " + n,
                "Hi {{member.firstName}}, you have {{points.available}} points ({{member.number}}). {{agent.name}}",
                Conversation.Status.SOLVED, List.of("balance", "Answered")));

        var text = Actor.callAs(new Actor(Actor.Type.STAFF, "1", "jonas", null),
                () -> macros.render(macro.id(), id, Locale.ENGLISH));
        var number = members.get(new MemberId(memberId)).memberNumber();
        assertThat(text).isEqualTo("Hi Mila, you have 120 points (" + number + "). jonas");

        macros.replyWith(macro.id(), id, text, null);
        assertThat(conversations.get(id).status()).isEqualTo(Conversation.Status.SOLVED);
        assertThat(tags.of(id)).containsExactly("balance", "answered");

        assertThatThrownBy(() -> macros.save(null, "Bad " + n, "Hello {{member.password}}", null, List.of()))
                .isInstanceOf(CommandRefusedException.InvalidInput.class)
                .hasMessageContaining("{{member.password}}");
    }

    @Test
    void theDeskShowsAMacroEscapedInTheReplyBox() throws Exception {
        long n = unique();
        long id = open(uniqueEmail(), "<script>alert(" + n + ")</script>", "hi");
        var macro = Actor.callAs(Actor.system("test"), () -> macros.save(null, "Echo " + n,
                "About: {{conversation.subject}}", null, List.of()));
        mvc.perform(get("/desk/conversations/{id}", id).param("macro", Long.toString(macro.id()))
                        .with(user("tester").roles("AGENT")))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString(
                        "About: &lt;script&gt;alert(" + n + ")&lt;/script&gt;</textarea>")))
                .andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(
                        "<script>alert(" + n))))
                .andExpect(content().string(org.hamcrest.Matchers.containsString(
                        "name=\"macro\" value=\"" + macro.id() + "\"")));
    }

    @Test
    void mentionedStaffAreNotifiedAndUnknownNamesIgnored() throws Exception {
        long n = unique();
        var colleague = "mira" + n;
        Actor.callAs(Actor.system("test"), () -> staff.createIfAbsent(colleague, "Mira", Role.AGENT,
                "mira-password-" + n));
        long id = open(uniqueEmail(), "Mention " + n, "hello");
        Actor.callAs(new Actor(Actor.Type.STAFF, "1", "jonas", null),
                () -> conversations.note(id, "@" + colleague.toUpperCase(Locale.ROOT) + ", can you check? cc @nobody" + n + "."));

        var mentions = notifications.of(colleague, DeskNotifications.Kind.MENTION, 10);
        assertThat(mentions).hasSize(1);
        assertThat(mentions.getFirst().conversationId()).isEqualTo(id);
        assertThat(mentions.getFirst().text()).startsWith("jonas mentioned you on #" + id);
        assertThat(notifications.of("nobody" + n, null, 10)).isEmpty();
        assertThat(notifications.unread(colleague)).isEqualTo(1);
        assertThat(notifications.markAllRead(colleague)).isEqualTo(1);
        assertThat(notifications.unread(colleague)).isZero();
    }

    @Test
    void searchFindsSubjectMessagesContactAndMemberNumber() throws Exception {
        long n = unique();
        var email = uniqueEmail();
        long memberId = enroll("Sina", email);
        long id = open(email, "Espresso machine " + n, "The grinder in store Kreuzberg" + n + " is loud");
        var number = members.get(new MemberId(memberId)).memberNumber();

        for (var query : List.of("kreuzberg" + n, "espresso " + n, email, number, "Kreuz")) {
            var found = inbox.page(new Inbox.Filter(InboxView.ALL, null, null, null, null, query), null, 50).items();
            assertThat(found).as(query).extracting(r -> r.conversation().id()).contains(id);
        }
        assertThat(inbox.page(new Inbox.Filter(InboxView.ALL, null, null, null, null, "kreuzberg" + n + " tea"), null,
                50).items()).isEmpty();
        assertThat(inbox.page(new Inbox.Filter(InboxView.ALL, null, null, null, null, "'):*&|!"), null, 5).items())
                .as("tsquery syntax typed by an agent is not an error").isNotNull();

        mvc.perform(get("/api/v1/conversations/search").param("q", "kreuzberg" + n).with(apiKey()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].conversation.id").value(id));
        mvc.perform(get("/desk").param("q", "kreuzberg" + n).with(user("tester").roles("AGENT")))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Espresso machine " + n)));
    }

    @Test
    void metricsFollowTheConversation() throws Exception {
        long id = open(uniqueEmail(), "Metrics " + unique(), "hello");
        clock.advance(Duration.ofMinutes(7));
        try {
            conversations.reply(id, "Here you go", Conversation.Status.SOLVED);
            var solved = metrics.of(id).orElseThrow();
            assertThat(solved.replies()).isEqualTo(1);
            assertThat(solved.firstResponseSeconds()).isBetween(7 * 60L, 7 * 60L + 1);
            assertThat(solved.resolvedOnFirstContact()).isTrue();

            conversations.memberWrote(id, "Still not there");
            conversations.reply(id, "Now it is", Conversation.Status.SOLVED);
            var again = metrics.of(id).orElseThrow();
            assertThat(again.replies()).isEqualTo(2);
            assertThat(again.reopens()).isEqualTo(1);
            assertThat(again.resolvedOnFirstContact()).isFalse();
            assertThat(again.handlingSeconds()).isGreaterThanOrEqualTo(7 * 60L);
        } finally {
            clock.advance(Duration.ofMinutes(-7));
        }
    }

    @Test
    void theApiChangesStatusPriorityAssigneeAndTagsAllOrNothing() throws Exception {
        long id = open(uniqueEmail(), "Api " + unique(), "hello");
        mvc.perform(patch("/api/v1/conversations/{id}", id).with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"status": "PENDING", "priority": "HIGH", "assignee": "jonas", "tags": ["Card", "lost"]}
                                """))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.conversation.status").value("PENDING"))
                .andExpect(jsonPath("$.conversation.priority").value("HIGH"))
                .andExpect(jsonPath("$.conversation.assignee").value("jonas"))
                .andExpect(jsonPath("$.tags[0]").value("card"))
                .andExpect(jsonPath("$.tags[1]").value("lost"));

        mvc.perform(patch("/api/v1/conversations/{id}", id).with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"priority": "LOW", "tags": ["fine", "not fine"]}
                                """))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("tags"));
        assertThat(conversations.get(id).priority()).as("nothing changed").isEqualTo(Conversation.Priority.HIGH);
        assertThat(tags.of(id)).containsExactly("card", "lost");

        mvc.perform(patch("/api/v1/conversations/{id}", id).with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"status\": \"MAYBE\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(patch("/api/v1/conversations/{id}", id).with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"assignee\": \"\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.conversation.assignee").doesNotExist());

        mvc.perform(post("/api/v1/conversations/{id}/tags", id).with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"tag\": \"refund\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.length()").value(3));
        mvc.perform(delete("/api/v1/conversations/{id}/tags/{tag}", id, "card").with(apiKey()))
                .andExpect(status().isOk()).andExpect(jsonPath("$.length()").value(2));
        mvc.perform(patch("/api/v1/conversations/{id}", 999_999_999L).with(apiKey())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"status\": \"OPEN\"}"))
                .andExpect(status().isNotFound());
    }

    @Test
    void theApiNeedsTheWriteScopeAndTheSetUpPagesASupervisor() throws Exception {
        var key = apiKeys.create("read-only-" + unique(), java.util.EnumSet.of(Scope.CONVERSATIONS_READ), "test");
        long id = open(uniqueEmail(), "Scopes " + unique(), "hello");
        mvc.perform(patch("/api/v1/conversations/{id}", id).with(apiKey(key.secret()))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"status\": \"OPEN\"}"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/conversations/{id}/tags", id).with(apiKey(key.secret()))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"tag\": \"x\"}"))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/conversations/search").with(apiKey(key.secret()))).andExpect(status().isOk());
        assertThat(conversations.get(id).status()).isEqualTo(Conversation.Status.NEW);

        for (var page : List.of("/console/support/teams", "/console/support/sla", "/console/support/macros")) {
            mvc.perform(get(page).with(staff(Role.AGENT))).andExpect(status().isForbidden());
            mvc.perform(get(page).with(staff(Role.SUPERVISOR))).andExpect(status().isOk());
        }
        mvc.perform(post("/console/support/teams").param("name", "Sneaky " + unique()).param("assignment", "MANUAL")
                .with(staff(Role.AGENT)).with(csrf())).andExpect(status().isForbidden());
        mvc.perform(post("/console/support/macros").param("name", "").param("body", "{{nope}}")
                        .with(staff(Role.SUPERVISOR)).with(csrf()))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("unknown placeholders {{nope}}")));
    }

    @Autowired
    io.loyaltydesk.rewards.Redemptions redemptions;

    @Test
    void anAgentCancelsARedemptionAndResendsACodeFromTheConversationAudited() throws Exception {
        long n = unique();
        var email = uniqueEmail();
        long memberId = enroll("Rita", email);
        ledger.adjust(memberId, 400, "test", null, null, null);
        var body = mvc.perform(post("/api/v1/rewards").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"Free coffee %d\", \"kind\": \"VOUCHER_CODE\", \"valueBand\": \"LOW\", \"costPoints\": 100}"
                                .formatted(n)))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        long reward = ((Number) com.jayway.jsonpath.JsonPath.read(body, "$.reward.id")).longValue();
        var keep = redemptions.redeem(memberId, reward, 1, null);
        var wrong = redemptions.redeem(memberId, reward, 1, null);
        long id = open(email, "Code " + n, "I lost my code and redeemed twice by mistake");
        long other = open(uniqueEmail(), "Someone else " + n, "hello");
        assertThat(ledger.balance(memberId).available()).isEqualTo(200);

        var agent = user("tester").roles("AGENT");
        mvc.perform(post("/desk/conversations/{id}/redemptions/{r}/cancel", id, wrong.id()).param("reason", "")
                .with(agent).with(csrf())).andExpect(status().is3xxRedirection());
        assertThat(redemptions.get(wrong.id()).status()).as("no reason, nothing done")
                .isNotEqualTo(io.loyaltydesk.rewards.Redemption.Status.CANCELLED);
        mvc.perform(post("/desk/conversations/{id}/redemptions/{r}/cancel", other, wrong.id())
                .param("reason", "not theirs").with(agent).with(csrf())).andExpect(status().is3xxRedirection());
        assertThat(redemptions.get(wrong.id()).status()).as("another member's conversation")
                .isNotEqualTo(io.loyaltydesk.rewards.Redemption.Status.CANCELLED);

        mvc.perform(post("/desk/conversations/{id}/redemptions/{r}/cancel", id, wrong.id())
                .param("reason", "redeemed twice by mistake").with(agent).with(csrf()))
                .andExpect(status().is3xxRedirection());
        assertThat(redemptions.get(wrong.id()).status()).isEqualTo(io.loyaltydesk.rewards.Redemption.Status.CANCELLED);
        assertThat(ledger.balance(memberId).available()).isEqualTo(300);

        mvc.perform(post("/desk/conversations/{id}/redemptions/{r}/resend", id, keep.id()).with(agent).with(csrf()))
                .andExpect(status().is3xxRedirection());
        var thread = conversations.messages(id);
        assertThat(thread).filteredOn(m -> m.kind() == Message.Kind.FROM_AGENT).extracting(Message::body)
                .anyMatch(text -> text.contains(keep.codes().getFirst()));
        assertThat(thread).extracting(Message::body)
                .anyMatch(text -> text.startsWith("Redemption #" + wrong.id() + " (Free coffee " + n
                        + ") cancelled by tester: redeemed twice by mistake; 100 points back"))
                .contains("tester sent the code of redemption #" + keep.id() + " again");
        var actions = jdbc.sql("select action from audit_log where entity_type = 'conversation' and entity_id = :id")
                .param("id", Long.toString(id)).query(String.class).list();
        assertThat(actions).contains("conversation.redemption-cancelled", "conversation.voucher-resent");
    }

    @Autowired
    io.loyaltydesk.staff.Stores stores;

    @Autowired
    io.loyaltydesk.rules.Rules earningRules;

    @Test
    void anAgentReversesAWrongEarnOnceAuditedAndOnlyForTheConversationsMember() throws Exception {
        long n = unique();
        var store = "RV-" + n;
        stores.add(store, "Reversal store " + n, "Test", "Berlin", true);
        earningRules.create(new io.loyaltydesk.rules.RuleDefinition("Reversal base " + store, null,
                io.loyaltydesk.rules.RuleDefinition.RuleKind.BASE_RATE, null,
                io.loyaltydesk.rules.RuleDefinition.Effect.perAmount("1", "1.00",
                        io.loyaltydesk.rules.RuleDefinition.Rounding.FLOOR),
                null, null, null, null, null, List.of(store), 0, true, null), io.loyaltydesk.rules.RuleStatus.ACTIVE);
        var email = uniqueEmail();
        long memberId = enroll("Vera", email);
        var receipt = mvc.perform(post("/api/v1/purchases").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"externalId": "RV-%d", "storeId": "%s", "channel": "POS", "email": "%s",
                                 "occurredAt": "%s", "currency": "EUR", "totalAmount": 30.00,
                                 "lines": [{"sku": "CAKE", "category": "BAKERY", "quantity": 1, "unitPrice": 30.00,
                                            "amount": 30.00}]}
                                """.formatted(n, store, email, java.time.Instant.now().minusSeconds(60))))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        long purchaseId = ((Number) com.jayway.jsonpath.JsonPath.read(receipt, "$.id")).longValue();
        long earned = ((Number) com.jayway.jsonpath.JsonPath.read(receipt, "$.points.earned")).longValue();
        assertThat(earned).isPositive();
        var before = ledger.balance(memberId);
        long id = open(email, "Wrong card " + n, "Those points were my neighbour's purchase");
        long other = open(uniqueEmail(), "Someone else " + n, "hello");
        var agent = user("tester").roles("AGENT");

        mvc.perform(post("/desk/conversations/{id}/purchases/{p}/reverse", id, purchaseId).param("reason", "")
                .with(agent).with(csrf())).andExpect(status().is3xxRedirection());
        mvc.perform(post("/desk/conversations/{id}/purchases/{p}/reverse", other, purchaseId)
                .param("reason", "not theirs").with(agent).with(csrf())).andExpect(status().is3xxRedirection());
        assertThat(ledger.balance(memberId)).as("no reason, or another member's conversation: nothing done")
                .isEqualTo(before);

        mvc.perform(post("/desk/conversations/{id}/purchases/{p}/reverse", id, purchaseId)
                .param("reason", "booked on the wrong card").with(agent).with(csrf()))
                .andExpect(status().is3xxRedirection());
        var after = ledger.balance(memberId);
        assertThat(after.available() + after.pending()).isEqualTo(before.available() + before.pending() - earned);
        // a second click takes nothing more
        mvc.perform(post("/desk/conversations/{id}/purchases/{p}/reverse", id, purchaseId)
                .param("reason", "again").with(agent).with(csrf())).andExpect(status().is3xxRedirection());
        assertThat(ledger.balance(memberId)).isEqualTo(after);

        assertThat(conversations.messages(id)).extracting(Message::body)
                .contains("tester reversed the points of purchase RV-" + n + ": " + earned
                        + " points taken back (booked on the wrong card)");
        var actions = jdbc.sql("select action from audit_log where entity_type = 'conversation' and entity_id = :id")
                .param("id", Long.toString(id)).query(String.class).list();
        assertThat(actions).containsOnlyOnce("conversation.earn-reversed");
    }
}
