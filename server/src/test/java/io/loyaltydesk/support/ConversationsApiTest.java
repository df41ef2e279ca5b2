package io.loyaltydesk.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.hasItem;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.loyaltydesk.staff.Scope;
import io.loyaltydesk.staff.internal.ApiKeys;
import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

class ConversationsApiTest extends ConversationTestSupport {

    @Autowired
    ApiKeys apiKeys;

    @Test
    void openingAConversationLinksTheMemberByEmail() throws Exception {
        var email = uniqueEmail();
        long memberId = enroll("Anna", email);
        mvc.perform(post("/api/v1/conversations").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"channel": "WEB_FORM", "subject": "Missing points", "email": "%s",
                                 "message": "My points from Tuesday are missing."}
                                """.formatted(email.toUpperCase())))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.conversation.memberId").value(memberId))
                .andExpect(jsonPath("$.conversation.status").value("NEW"))
                .andExpect(jsonPath("$.conversation.priority").value("NORMAL"))
                .andExpect(jsonPath("$.messages[0].kind").value("FROM_MEMBER"))
                .andExpect(jsonPath("$.messages[0].author").value("Anna Berg"))
                .andExpect(jsonPath("$.messages[0].body").value("My points from Tuesday are missing."));
    }

    @Test
    void aContactWhoIsNoMemberStaysUnlinked() throws Exception {
        long id = open(uniqueEmail(), "Question", "How do I join?");
        assertThat(conversations.get(id).memberId()).isNull();
    }

    @Test
    void badInputNamesEveryBadField() throws Exception {
        mvc.perform(post("/api/v1/conversations").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"subject": " ", "email": "not-an-email", "message": ""}
                                """))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("/problems/invalid-input"))
                .andExpect(jsonPath("$.errors[*].field")
                        .value(containsInAnyOrder("channel", "subject", "email", "message")));
        mvc.perform(post("/api/v1/conversations/{id}/messages", open(uniqueEmail(), "Hi", "Hello"))
                        .with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"kind\": \"SYSTEM\", \"body\": \"x\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("kind"));
        mvc.perform(get("/api/v1/conversations/{id}", Long.MAX_VALUE).with(apiKey()))
                .andExpect(status().isNotFound());
    }

    @Test
    void theFirstReplySetsFirstResponseOnceAndOpensTheConversation() throws Exception {
        long id = open(uniqueEmail(), "Card lost", "I lost my card.");
        reply(id, "FROM_AGENT", "We will send a new one.");
        var first = conversations.get(id);
        assertThat(first.status()).isEqualTo(Conversation.Status.OPEN);
        assertThat(first.firstResponseAt()).isNotNull();

        clock.advance(Duration.ofMinutes(5));
        try {
            reply(id, "FROM_AGENT", "It is on its way.");
        } finally {
            clock.advance(Duration.ofMinutes(-5));
        }
        assertThat(conversations.get(id).firstResponseAt()).isEqualTo(first.firstResponseAt());
        mvc.perform(get("/api/v1/conversations/{id}", id).with(apiKey()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.messages[*].kind").value(hasItem("SYSTEM")))
                .andExpect(jsonPath("$.messages[*].body").value(hasItem("It is on its way.")));
    }

    @Test
    void notesAreNotRepliesAndDoNotCountAsAResponse() throws Exception {
        long id = open(uniqueEmail(), "Card lost", "I lost my card.");
        reply(id, "NOTE", "Checked: card blocked.")
                .andExpect(jsonPath("$.kind").value("NOTE"));
        var conversation = conversations.get(id);
        assertThat(conversation.firstResponseAt()).isNull();
        assertThat(conversation.status()).isEqualTo(Conversation.Status.NEW);
        assertThat(conversations.messages(id)).extracting(Message::kind)
                .containsExactly(Message.Kind.FROM_MEMBER, Message.Kind.NOTE);
    }

    @Test
    void theMemberWritingAgainReopensASolvedConversation() throws Exception {
        long id = open(uniqueEmail(), "Voucher", "My voucher does not work.");
        conversations.changeStatus(id, Conversation.Status.SOLVED);
        assertThat(conversations.get(id).solvedAt()).isNotNull();
        reply(id, "FROM_MEMBER", "Still does not work.");
        var reopened = conversations.get(id);
        assertThat(reopened.status()).isEqualTo(Conversation.Status.OPEN);
        assertThat(reopened.solvedAt()).isNull();
    }

    @Test
    void theQueueListsNewestFirstAndFiltersByStatus() throws Exception {
        long older = open(uniqueEmail(), "First", "one");
        long newer = open(uniqueEmail(), "Second", "two");
        mvc.perform(get("/api/v1/conversations").param("status", "NEW").with(apiKey()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].id").value(newer))
                .andExpect(jsonPath("$.items[1].id").value(older));
        var page = conversations.queue(QueueView.ALL, null, null, 1);
        assertThat(page.items()).extracting(Conversation::id).containsExactly(newer);
        assertThat(conversations.queue(QueueView.ALL, null, page.nextCursor(), 1).items())
                .extracting(Conversation::id).containsExactly(older);
    }

    @Autowired
    io.loyaltydesk.members.Members members;

    @Test
    void conversationsFollowAMemberMergedIntoAnother() throws Exception {
        var duplicateEmail = uniqueEmail();
        long survivor = enroll("Ole", uniqueEmail());
        long duplicate = enroll("Ole", duplicateEmail);
        long id = open(duplicateEmail, "Two accounts", "I have two cards");
        io.loyaltydesk.staff.Actor.callAs(io.loyaltydesk.staff.Actor.system("test"),
                () -> members.merge(new io.loyaltydesk.members.MemberId(survivor),
                        new io.loyaltydesk.members.MemberId(duplicate), "same person"));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!Long.valueOf(survivor).equals(conversations.get(id).memberId()) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(conversations.get(id).memberId()).isEqualTo(survivor);
        assertThat(conversations.ofMember(survivor, 5)).extracting(Conversation::id).contains(id);
        assertThat(conversations.messages(id).getLast().body())
                .isEqualTo("Member " + duplicate + " was merged into member " + survivor);
    }

    @Test
    void erasingAMemberErasesWhatTheirConversationsHold() throws Exception {
        var email = uniqueEmail();
        long member = enroll("Pia", email);
        long id = open(email, "My address changed", "I now live at Hauptstr. 1");
        conversations.reply(id, "Thanks, Pia", null);
        io.loyaltydesk.staff.Actor.callAs(io.loyaltydesk.staff.Actor.system("test"),
                () -> members.erase(new io.loyaltydesk.members.MemberId(member), "request #1"));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (conversations.get(id).contactEmail() != null && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        var erased = conversations.get(id);
        assertThat(erased.contactEmail()).isNull();
        assertThat(erased.subject()).isEqualTo("[erased]");
        assertThat(conversations.messages(id)).extracting(Message::body).containsOnly("[erased]");
        mvc.perform(get("/api/v1/audit").param("entityType", "conversation").param("entityId", Long.toString(id))
                        .with(apiKey()))
                .andExpect(status().isOk())
                .andExpect(result -> assertThat(result.getResponse().getContentAsString())
                        .contains("conversation.opened", "conversation.erased").doesNotContain(email)
                        .doesNotContain("Hauptstr"));
    }

    @Test
    void theApiNeedsAKeyWithTheConversationScopes() throws Exception {
        mvc.perform(get("/api/v1/conversations")).andExpect(status().isUnauthorized());
        var key = apiKeys.create("no-conversations-" + unique(), EnumSet.of(Scope.MEMBERS_READ), "test");
        mvc.perform(get("/api/v1/conversations").with(apiKey(key.secret()))).andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/conversations").with(apiKey(key.secret())).contentType(MediaType.APPLICATION_JSON)
                .content("{}")).andExpect(status().isForbidden());
    }

    private org.springframework.test.web.servlet.ResultActions reply(long id, String kind, String body)
            throws Exception {
        return mvc.perform(post("/api/v1/conversations/{id}/messages", id).with(apiKey())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"kind\": \"%s\", \"body\": %s}".formatted(kind, quote(body))))
                .andExpect(status().isCreated());
    }
}
