package io.loyaltydesk.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.loyaltydesk.ledger.Adjustment;
import io.loyaltydesk.staff.AuditQuery;
import io.loyaltydesk.staff.AuditTrail;
import io.loyaltydesk.staff.Role;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class DeskTest extends ConversationTestSupport {

    @Autowired
    AuditTrail audit;

    @Test
    void aMembersScriptIsShownAsTextNeverRun() throws Exception {
        long id = open(uniqueEmail(), "<b>Hi</b>", "<script>alert('x')</script> my points?");
        mvc.perform(get("/desk/conversations/{id}", id).with(user("jonas").roles("AGENT")))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(
                        containsString("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; my points?"),
                        containsString("&lt;b&gt;Hi&lt;/b&gt;"),
                        not(containsString("<script>alert")),
                        not(containsString("<b>Hi</b>")),
                        not(containsString("??")))));
    }

    @Test
    void theDeskShowsQueueThreadAndTheMembersPicture() throws Exception {
        var email = uniqueEmail();
        long memberId = enroll("Greta", email);
        ledger.adjust(memberId, 120, "welcome", null, null, null);
        long id = open(email, "Where are my points " + unique(), "Hello");
        conversations.note(id, "Checked the till receipt.");
        mvc.perform(get("/desk").param("view", "all").with(user("jonas").roles("AGENT")))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("href=\"/desk/conversations/" + id + "?view=all\""),
                        containsString("hx-push-url=\"true\""), containsString("Pick a conversation"),
                        containsString(">Desk<"), not(containsString("??")))));
        mvc.perform(get("/desk/conversations/{id}", id).with(user("jonas").roles("AGENT")))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(
                        containsString("Greta Berg"),
                        containsString("id=\"desk-balance\">120<"),
                        containsString("Internal note"),
                        containsString("desk-msg-note"),
                        containsString("Needs a second person&#39;s approval above"),
                        containsString("Last purchases"),
                        containsString("Open redemptions"),
                        not(containsString("??")))));
    }

    @Test
    void theDeskSpeaksGermanAndKeepsTheStatusFilterInItsLinks() throws Exception {
        var email = uniqueEmail();
        enroll("Karl", email);
        long id = open(email, "Punkte fehlen", "Hallo");
        conversations.note(id, "Beleg geprüft.");
        mvc.perform(get("/desk/conversations/{id}", id).param("lang", "de").param("view", "all")
                        .param("status", "NEW").with(user("jonas").roles("AGENT")))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("Interne Notiz"), containsString("Kulanzpunkte"),
                        containsString("Warteschlange"),
                        containsString("href=\"/desk/conversations/" + id + "?view=all&amp;status=NEW\""),
                        not(containsString("??")))));
    }

    @Test
    void repliesNotesAssignmentAndStatusFromTheDesk() throws Exception {
        long id = open(uniqueEmail(), "Card", "Lost my card");
        var agent = user("jonas").roles("AGENT");
        mvc.perform(post("/desk/conversations/{id}/assign", id).param("to", "me").with(agent).with(csrf()))
                .andExpect(redirectedUrl("/desk/conversations/" + id))
                .andExpect(flash().attribute("flash", "Assigned to jonas."));
        mvc.perform(post("/desk/conversations/{id}/reply", id).param("body", "Blocked it; new card coming.")
                        .param("kind", "reply").param("statusAfter", "PENDING").with(agent).with(csrf()))
                .andExpect(flash().attribute("flash", "Reply sent."));
        mvc.perform(post("/desk/conversations/{id}/reply", id).param("body", "Card 1234 blocked")
                        .param("kind", "note").with(agent).with(csrf()))
                .andExpect(flash().attribute("flash", "Internal note added."));
        mvc.perform(post("/desk/conversations/{id}/reply", id).param("body", " ").with(agent).with(csrf()))
                .andExpect(flash().attribute("actionError", "body: is required"));
        var conversation = conversations.get(id);
        assertThat(conversation.assignee()).isEqualTo("jonas");
        assertThat(conversation.status()).isEqualTo(Conversation.Status.PENDING);
        assertThat(conversation.firstResponseAt()).isNotNull();
        assertThat(conversations.messages(id)).extracting(Message::kind).containsExactly(Message.Kind.FROM_MEMBER,
                Message.Kind.SYSTEM, Message.Kind.FROM_AGENT, Message.Kind.SYSTEM, Message.Kind.NOTE);
        assertThat(conversations.messages(id)).extracting(Message::body).contains("jonas took this",
                "jonas changed the status from NEW to PENDING");
        mvc.perform(get("/desk").param("view", "mine").with(agent))
                .andExpect(content().string(containsString("/desk/conversations/" + id + "?view=mine")));
        mvc.perform(post("/desk/conversations/{id}/assign", id).param("to", "anna").with(agent).with(csrf()));
        assertThat(conversations.messages(id).getLast().body()).isEqualTo("jonas assigned this to anna");
    }

    @Test
    void goodwillBelowTheLimitIsAppliedAndAudited() throws Exception {
        var email = uniqueEmail();
        long memberId = enroll("Hugo", email);
        long id = open(email, "Broken coffee machine", "It ate my coin");
        long before = ledger.balance(memberId).available();
        mvc.perform(post("/desk/conversations/{id}/goodwill", id).param("points", "20")
                        .param("reason", "machine ate a coin").with(user("jonas").roles("AGENT")).with(csrf()))
                .andExpect(redirectedUrl("/desk/conversations/" + id))
                .andExpect(flash().attribute("flash", "Goodwill: 20 points applied."));
        assertThat(ledger.balance(memberId).available()).isEqualTo(before + 20);
        assertThat(conversations.messages(id).getLast().kind()).isEqualTo(Message.Kind.SYSTEM);
        assertThat(conversations.messages(id).getLast().body()).startsWith("Goodwill: 20 points (applied)");
        var entries = audit.search(AuditQuery.forEntity("conversation", Long.toString(id)), null, 10).items();
        assertThat(entries).anyMatch(e -> e.action().equals("conversation.goodwill") && e.actorName().equals("jonas")
                && "machine ate a coin".equals(e.reason()));
        assertThat(audit.search(AuditQuery.forEntity("member", Long.toString(memberId)), null, 10).items())
                .anyMatch(e -> e.action().equals("points.adjusted"));
    }

    @Test
    void goodwillAboveTheLimitWaitsForApproval() throws Exception {
        var email = uniqueEmail();
        long memberId = enroll("Ida", email);
        long id = open(email, "Lost order", "Never arrived");
        long limit = ledger.settings().adjustmentApprovalLimit();
        mvc.perform(post("/desk/conversations/{id}/goodwill", id).param("points", Long.toString(limit + 1))
                        .param("reason", "order lost").with(user("jonas").roles("AGENT")).with(csrf()))
                .andExpect(flash().attribute("flash",
                        "Goodwill: " + (limit + 1) + " points are waiting for a second person's approval."));
        assertThat(ledger.balance(memberId).available()).isZero();
        assertThat(ledger.adjustments(memberId, Adjustment.Status.PENDING_APPROVAL, 5)).hasSize(1);
        assertThat(conversations.messages(id).getLast().body())
                .startsWith("Goodwill: " + (limit + 1) + " points (waiting for approval)");
    }

    @Test
    void goodwillNeedsALinkedMemberAndAWholeNumber() throws Exception {
        long id = open(uniqueEmail(), "Hello", "Who am I?");
        var agent = user("jonas").roles("AGENT");
        mvc.perform(post("/desk/conversations/{id}/goodwill", id).param("points", "20").param("reason", "x")
                        .with(agent).with(csrf()))
                .andExpect(flash().attribute("actionError", "Link the conversation to a member first."));
        var email = uniqueEmail();
        long memberId = enroll("Jan", email);
        mvc.perform(post("/desk/conversations/{id}/link", id).param("member", email).with(agent).with(csrf()))
                .andExpect(flash().attribute("flash", "Linked to Jan Berg."));
        assertThat(conversations.get(id).memberId()).isEqualTo(memberId);
        mvc.perform(post("/desk/conversations/{id}/goodwill", id).param("points", "lots").param("reason", "x")
                        .with(agent).with(csrf()))
                .andExpect(flash().attribute("actionError", "points: Enter a whole number, such as 50."));
    }

    @Test
    void onlyDeskRolesGetTheDesk() throws Exception {
        mvc.perform(get("/desk").with(staff(Role.READ_ONLY))).andExpect(status().isForbidden());
        mvc.perform(get("/desk").with(staff(Role.STORE_STAFF))).andExpect(status().isForbidden());
        long id = open(uniqueEmail(), "Hi", "Hello");
        mvc.perform(post("/desk/conversations/{id}/reply", id).param("body", "x").with(staff(Role.READ_ONLY))
                .with(csrf())).andExpect(status().isForbidden());
        mvc.perform(get("/desk").with(staff(Role.SUPERVISOR))).andExpect(status().isOk());
        mvc.perform(get("/desk")).andExpect(status().is3xxRedirection());
        mvc.perform(get("/desk/conversations/{id}", Long.MAX_VALUE).with(staff(Role.AGENT)))
                .andExpect(status().isNotFound());
    }
}
