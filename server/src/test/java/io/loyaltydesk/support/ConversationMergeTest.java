package io.loyaltydesk.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import io.loyaltydesk.staff.Scope;
import io.loyaltydesk.staff.internal.ApiKeys;
import io.loyaltydesk.support.internal.ConversationMetrics;
import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Merging a duplicate conversation into another one of the same contact (ADR 0020), through the API and the desk. */
class ConversationMergeTest extends ConversationTestSupport {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApiKeys apiKeys;

    @Autowired
    Macros macros;

    @Autowired
    ConversationMetrics metrics;

    @Autowired
    MemberConversations memberConversations;

    @Test
    void mergingCopiesTheThreadEndsTheSourceAndARetryAnswersTheSame() throws Exception {
        var email = uniqueEmail();
        long memberId = enroll("Anna", email);
        long source = open(email, "Points missing", "My points from Tuesday are missing.");
        clock.advance(Duration.ofMinutes(10));
        long target;
        try {
            reply(source, "FROM_AGENT", "Which store was it?");
            changeStatus(source, "SOLVED");
            target = open(email, "Points still missing", "Still no points, it was the Main Street store.");
        } finally {
            clock.advance(Duration.ofMinutes(-10));
        }
        var sourceOriginal = conversations.messages(source).getFirst();
        int targetRepliesBefore = metrics.of(target).map(ConversationMetrics.Metrics::replies).orElse(0);
        assertThat(metrics.of(source).orElseThrow().resolvedOnFirstContact()).isTrue();

        var key = "merge-" + unique();
        var first = mvc.perform(post("/api/v1/conversations/{id}/merge", source).with(apiKey())
                        .header("Idempotency-Key", key).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"into\": " + target + "}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.conversation.id").value(target))
                .andExpect(jsonPath("$.conversation.status").value("NEW"))
                .andReturn().getResponse().getContentAsString();

        var merged = conversations.get(source);
        assertThat(merged.status()).isEqualTo(Conversation.Status.MERGED);
        assertThat(merged.status().active()).isFalse();
        assertThat(conversations.mergedInto(source)).contains(target);
        assertThat(conversations.followMerges(source)).isEqualTo(target);
        assertThat(jdbc.sql("select count(*) from conversations where id = :id and (sla_due_at is not null or "
                + "first_response_due_at is not null or resolution_due_at is not null)").param("id", source)
                .query(Long.class).single()).as("no SLA timer runs on it").isZero();
        var thread = conversations.messages(target);
        var copy = thread.stream().filter(m -> m.body().equals(sourceOriginal.body())).findFirst().orElseThrow();
        assertThat(copy.kind()).isEqualTo(Message.Kind.FROM_MEMBER);
        assertThat(copy.createdAt()).as("the original time").isEqualTo(sourceOriginal.createdAt());
        assertThat(copy.memberId()).isEqualTo(memberId);
        assertThat(thread).anyMatch(m -> m.kind() == Message.Kind.FROM_AGENT && m.body().equals("Which store was it?"));
        assertThat(thread.getLast().kind()).isEqualTo(Message.Kind.SYSTEM);
        assertThat(thread.getLast().body()).contains("merged conversation #" + source);
        assertThat(conversations.messages(source).getLast().body()).contains("merged this conversation into #" + target);
        assertThat(jdbc.sql("select count(*) from audit_log where action = 'conversation.merged' and entity_id = :id")
                .param("id", Long.toString(source)).query(Long.class).single()).isEqualTo(1);

        // metrics: the copied agent reply is no reply on the target, the merged one is no first-contact resolution
        assertThat(metrics.of(target).map(ConversationMetrics.Metrics::replies).orElse(0))
                .isEqualTo(targetRepliesBefore);
        assertThat(conversations.get(target).firstResponseAt()).isNull();
        var sourceMetrics = metrics.of(source).orElseThrow();
        assertThat(sourceMetrics.resolvedOnFirstContact()).isNull();
        assertThat(sourceMetrics.handlingSeconds()).isNull();

        // the same request again (idempotency key), and again without one: the same answer, nothing copied twice
        mvc.perform(post("/api/v1/conversations/{id}/merge", source).with(apiKey())
                        .header("Idempotency-Key", key).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"into\": " + target + "}"))
                .andExpect(status().isOk()).andExpect(content().json(first));
        mvc.perform(post("/api/v1/conversations/{id}/merge", source).with(apiKey())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"into\": " + target + "}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.conversation.id").value(target));
        assertThat(conversations.messages(target)).hasSameSizeAs(thread);

        // the portal lists only the target and points from the merged ticket to it
        assertThat(memberConversations.of(memberId, 10)).extracting(Conversation::id).containsExactly(target);
        assertThat(memberConversations.mergedInto(memberId, source)).contains(target);
        // the member writing to the merged one lands in the target
        var written = memberConversations.reply(memberId, source, "Any news?");
        assertThat(written.conversationId()).isEqualTo(target);
    }

    @Test
    void aMergedConversationIsTerminalAndBadMergesChangeNothing() throws Exception {
        var email = uniqueEmail();
        enroll("Ben", email);
        long a = open(email, "One", "First");
        long b = open(email, "Two", "Second");
        long c = open(email, "Three", "Third");
        long stranger = open(uniqueEmail(), "Other", "Someone else");

        merge(a, a).andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("into"));
        mvc.perform(post("/api/v1/conversations/{id}/merge", a).with(apiKey())
                        .contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isBadRequest());
        merge(a, stranger).andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value(containsString("merge-other-contact")));
        merge(a, Long.MAX_VALUE).andExpect(status().isNotFound());
        changeStatus(c, "CLOSED");
        merge(a, c).andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value(containsString("merge-target-closed")));
        merge(c, a).andExpect(status().isConflict());
        assertThat(conversations.get(a).status()).isEqualTo(Conversation.Status.NEW);
        assertThat(conversations.messages(a)).hasSize(1);
        assertThat(conversations.messages(c).stream().filter(m -> m.kind() == Message.Kind.FROM_MEMBER)).hasSize(1);

        merge(a, b).andExpect(status().isOk());
        merge(b, a).andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value(containsString("merge-target-merged")));
        merge(a, c).andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value(containsString("conversation-merged")));
        mvc.perform(post("/api/v1/conversations/{id}/messages", a).with(apiKey())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"kind\": \"FROM_AGENT\", \"body\": \"x\"}"))
                .andExpect(status().isConflict());
        mvc.perform(post("/api/v1/conversations/{id}/messages", a).with(apiKey())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"kind\": \"NOTE\", \"body\": \"x\"}"))
                .andExpect(status().isConflict());
        assertThat(org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                () -> conversations.changeStatus(a, Conversation.Status.OPEN))).isNotNull();
        assertThat(org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                () -> conversations.changeStatus(b, Conversation.Status.MERGED))).isNotNull();
        var asStaff = new io.loyaltydesk.staff.Actor(io.loyaltydesk.staff.Actor.Type.STAFF, null, "jonas", null);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> io.loyaltydesk.staff.Actor.callAs(asStaff,
                        () -> conversations.reply(b, "Done", Conversation.Status.MERGED)))
                .isInstanceOf(io.loyaltydesk.platform.CommandRefusedException.InvalidInput.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> io.loyaltydesk.staff.Actor.callAs(asStaff,
                        () -> macros.save(null, "Merge it " + unique(), "Hello", Conversation.Status.MERGED,
                                java.util.List.of())))
                .isInstanceOf(io.loyaltydesk.platform.CommandRefusedException.InvalidInput.class);
        assertThat(conversations.get(a).status()).isEqualTo(Conversation.Status.MERGED);
        assertThat(conversations.get(b).status()).isEqualTo(Conversation.Status.NEW);
        assertThat(conversations.messages(b).stream().filter(m -> m.body().equals("Done"))).isEmpty();
        // nor do its tags, fields or team change, through the API or the desk
        var linesBefore = conversations.messages(a).size();
        for (var change : new String[] {"{\"tags\": [\"vip\"]}", "{\"team\": \"\"}", "{\"fields\": {}}"}) {
            mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                            .patch("/api/v1/conversations/{id}", a).with(apiKey())
                            .contentType(MediaType.APPLICATION_JSON).content(change))
                    .andExpect(status().isConflict())
                    .andExpect(jsonPath("$.type").value(containsString("conversation-merged")));
        }
        mvc.perform(post("/desk/conversations/{id}/fields", a).header("HX-Request", "true")
                        .with(user("jonas").roles("AGENT")).with(csrf()))
                .andExpect(status().isOk()).andExpect(content().string(containsString("was merged into")));
        assertThat(jdbc.sql("select coalesce(array_to_string(tags, ','), '') from conversations where id = :id")
                .param("id", a).query(String.class).single()).doesNotContain("vip");
        assertThat(conversations.messages(a)).hasSize(linesBefore);
    }

    @Test
    void theDeskMergesShowsTheLinkAndSaysWhyNot() throws Exception {
        var email = uniqueEmail();
        enroll("Cleo", email);
        long a = open(email, "Voucher", "Where is my voucher?");
        long b = open(email, "Voucher again", "Still waiting for the voucher.");
        var agent = user("jonas").roles("AGENT");
        mvc.perform(get("/desk/conversations/{id}", a).with(agent))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Merge into")))
                .andExpect(content().string(containsString("<option value=\"" + b + "\"")));
        mvc.perform(post("/desk/conversations/{id}/merge", a).param("into", Long.toString(a)).with(agent).with(csrf()))
                .andExpect(flash().attribute("actionError", "into: a conversation cannot be merged into itself"));
        mvc.perform(post("/desk/conversations/{id}/merge", a).param("into", "abc").with(agent).with(csrf()))
                .andExpect(flash().attribute("actionError", "into: is not a conversation number"));
        long stranger = open(uniqueEmail(), "Other", "Someone else");
        mvc.perform(post("/desk/conversations/{id}/merge", a).param("into", Long.toString(stranger)).with(agent)
                        .with(csrf()))
                .andExpect(flash().attribute("actionError",
                        "Only conversations with the same member or contact can be merged."));
        assertThat(conversations.get(a).status()).isEqualTo(Conversation.Status.NEW);
        mvc.perform(post("/desk/conversations/{id}/merge", a).param("into", "#" + b).with(agent).with(csrf()))
                .andExpect(flash().attribute("flash", "Merged into conversation #" + b + "."));
        assertThat(conversations.get(a).status()).isEqualTo(Conversation.Status.MERGED);
        mvc.perform(get("/desk").with(agent))
                .andExpect(content().string(not(containsString("href=\"/desk/conversations/" + a + "?"))))
                .andExpect(content().string(containsString("href=\"/desk/conversations/" + b + "?")));
        mvc.perform(get("/desk").param("status", "MERGED").with(agent))
                .andExpect(content().string(containsString("href=\"/desk/conversations/" + a + "?")));
        mvc.perform(get("/desk/conversations/{id}", a).with(agent))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("This conversation was merged into")))
                .andExpect(content().string(containsString("href=\"/desk/conversations/" + b + "\"")))
                .andExpect(content().string(not(containsString("desk-reply"))));
        mvc.perform(post("/desk/conversations/{id}/reply", a).param("body", "Hello").param("kind", "reply")
                        .with(agent).with(csrf()))
                .andExpect(flash().attribute("actionError",
                        "This conversation was merged into another one; work on that one."));
    }

    @Test
    void anAssistantAnswersTheMemberWithoutCountingAsTheAgentsResponse() throws Exception {
        var email = uniqueEmail();
        long memberId = enroll("Dora", email);
        long id = open(email, "Opening hours", "When are you open on Sunday?");
        mvc.perform(post("/api/v1/conversations/{id}/messages", id).with(apiKey())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"kind\": \"FROM_ASSISTANT\", \"body\": \"We are open 10 to 16 on Sundays.\"}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.kind").value("FROM_ASSISTANT"));
        var after = conversations.get(id);
        assertThat(after.firstResponseAt()).as("no agent response yet").isNull();
        assertThat(after.status()).isEqualTo(Conversation.Status.NEW);
        assertThat(metrics.of(id).map(ConversationMetrics.Metrics::replies).orElse(0)).isZero();
        assertThat(memberConversations.thread(memberId, id)).extracting(Message::kind)
                .containsExactly(Message.Kind.FROM_MEMBER, Message.Kind.FROM_ASSISTANT);
        mvc.perform(get("/desk/conversations/{id}", id).with(user("jonas").roles("AGENT")))
                .andExpect(content().string(containsString(">Assistant</strong>")));

        reply(id, "FROM_AGENT", "Yes, and on holidays too.");
        assertThat(conversations.get(id).firstResponseAt()).isNotNull();
        assertThat(metrics.of(id).orElseThrow().replies()).isEqualTo(1);
    }

    @Test
    void onlyKeysWithTheWriteScopePostAssistantAnswers() throws Exception {
        long id = open(uniqueEmail(), "Hi", "Hello");
        var readOnly = apiKeys.create("assistant-read-" + unique(), EnumSet.of(Scope.CONVERSATIONS_READ), "test");
        for (var path : new String[] {"/api/v1/conversations/{id}/messages", "/api/v1/conversations/{id}/merge"}) {
            mvc.perform(post(path, id).with(apiKey(readOnly.secret())).contentType(MediaType.APPLICATION_JSON)
                            .content("{\"kind\": \"FROM_ASSISTANT\", \"body\": \"Hi\", \"into\": 1}"))
                    .andExpect(status().isForbidden());
        }
        assertThat(conversations.messages(id)).hasSize(1);
    }

    private org.springframework.test.web.servlet.ResultActions merge(long source, long into) throws Exception {
        return mvc.perform(post("/api/v1/conversations/{id}/merge", source).with(apiKey())
                .contentType(MediaType.APPLICATION_JSON).content("{\"into\": " + into + "}"));
    }

    private void reply(long id, String kind, String body) throws Exception {
        mvc.perform(post("/api/v1/conversations/{id}/messages", id).with(apiKey())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"kind\": \"" + kind + "\", \"body\": " + quote(body) + "}"))
                .andExpect(status().isCreated());
    }

    private void changeStatus(long id, String status) {
        io.loyaltydesk.staff.Actor.callAs(io.loyaltydesk.staff.Actor.system("test"),
                () -> conversations.changeStatus(id, Conversation.Status.valueOf(status)));
    }
}
