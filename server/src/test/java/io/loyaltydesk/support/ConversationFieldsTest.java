package io.loyaltydesk.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.staff.Role;
import io.loyaltydesk.staff.Scope;
import io.loyaltydesk.staff.internal.ApiKeys;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Custom conversation fields (console, desk, API, required on solve), the API's type/channel/field filters and email
 * details, and moving a conversation to another team. Fields are global: every test makes its own and the ones
 * left active are made inactive after it, so no other test finds a field it must fill in before solving.
 */
class ConversationFieldsTest extends ConversationTestSupport {

    @Autowired
    ConversationFields fields;

    @Autowired
    Teams teams;

    @Autowired
    MissingPointsClaims claims;

    @Autowired
    InboundEmail inbound;

    @Autowired
    ApiKeys apiKeys;

    @Autowired
    JdbcClient jdbc;

    private final List<Long> made = new ArrayList<>();

    @AfterEach
    void deactivateFields() {
        Actor.callAs(Actor.system("test"), () -> {
            for (long id : made) {
                var field = fields.get(id);
                fields.save(id, new ConversationFields.Definition(null, field.label(), field.labelDe(), field.type(),
                        field.options(), field.requiredOnSolve(), false, field.position()));
            }
            return null;
        });
        made.clear();
    }

    private ConversationField field(String key, ConversationField.Type type, boolean required, String... options) {
        var field = Actor.callAs(Actor.system("test"), () -> fields.save(null, new ConversationFields.Definition(key,
                "Label " + key, "Feld " + key, type, List.of(options), required, true, null)));
        made.add(field.id());
        return field;
    }

    private org.springframework.test.web.servlet.ResultActions patchJson(long id, String json) throws Exception {
        return mvc.perform(patch("/api/v1/conversations/{id}", id).with(apiKey())
                .contentType(MediaType.APPLICATION_JSON).content(json));
    }

    @Test
    void badDefinitionsAreRefusedAndKeysCannotChange() {
        long n = unique();
        var refused = (CommandRefusedException.InvalidInput) org.assertj.core.api.Assertions.catchThrowable(
                () -> fields.save(null, new ConversationFields.Definition("Bad Key", " ", null,
                        ConversationField.Type.DROPDOWN, List.of(" "), false, true, null)));
        assertThat(refused.problems()).extracting(p -> p.field()).containsExactlyInAnyOrder("key", "label", "options");

        var text = field("ref_" + n, ConversationField.Type.TEXT, false);
        assertThatThrownBy(() -> fields.save(null, new ConversationFields.Definition("ref_" + n, "Again", null,
                ConversationField.Type.TEXT, List.of(), false, true, null)))
                .hasMessageContaining("another field has this key");
        assertThatThrownBy(() -> fields.save(text.id(), new ConversationFields.Definition("other_" + n, "Ref", null,
                ConversationField.Type.TEXT, List.of(), false, true, null)))
                .hasMessageContaining("cannot change once the field is made");
        var dropdown = field("dd_" + n, ConversationField.Type.DROPDOWN, false, "Refund", "Replace");
        assertThat(dropdown.options()).containsExactly("Refund", "Replace");
    }

    @Test
    void theApiSetsReadsAndFiltersByFieldValues() throws Exception {
        long n = unique();
        var order = field("order_" + n, ConversationField.Type.TEXT, false);
        var amount = field("amount_" + n, ConversationField.Type.NUMBER, false);
        var reason = field("reason_" + n, ConversationField.Type.DROPDOWN, false, "Refund", "Replace, with new");
        var approved = field("approved_" + n, ConversationField.Type.CHECKBOX, false);
        var bought = field("bought_" + n, ConversationField.Type.DATE, false);
        long one = open(uniqueEmail(), "Fields " + n, "hello");
        long other = open(uniqueEmail(), "Other " + n, "hello");

        patchJson(one, """
                {"fields": {"%s": " A-%d ", "%s": "12.50", "%s": "replace, with new", "%s": true, "%s": "2026-11-20"}}
                """.formatted(order.key(), n, amount.key(), reason.key(), approved.key(), bought.key()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.fields." + order.key()).value("A-" + n))
                .andExpect(jsonPath("$.fields." + amount.key()).value(12.5))
                .andExpect(jsonPath("$.fields." + reason.key()).value("Replace, with new"))
                .andExpect(jsonPath("$.fields." + approved.key()).value(true))
                .andExpect(jsonPath("$.fields." + bought.key()).value("2026-11-20"));
        patchJson(other, "{\"fields\": {\"%s\": 7}}".formatted(amount.key())).andExpect(status().isOk());

        mvc.perform(get("/api/v1/conversations/{id}", one).with(apiKey()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.fields." + order.key()).value("A-" + n))
                .andExpect(jsonPath("$.fields." + amount.key()).value(12.5))
                .andExpect(jsonPath("$.email").doesNotExist());
        assertThat(conversations.messages(one)).extracting(Message::body)
                .anyMatch(line -> line.contains(" changed the fields: Label order_" + n + ": A-" + n + "; Label amount_"
                        + n + ": 12.5; Label reason_" + n + ": Replace, with new; Label approved_" + n + ": yes; Label bought_"
                        + n + ": 2026-11-20"));

        mvc.perform(get("/api/v1/conversations").param("field." + amount.key(), "12.5").with(apiKey()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[*].id", hasItem((int) one)))
                .andExpect(jsonPath("$.items[*].id", not(hasItem((int) other))));
        mvc.perform(get("/api/v1/conversations").param("field." + amount.key(), "7.00").with(apiKey()))
                .andExpect(jsonPath("$.items.length()").value(1))
                .andExpect(jsonPath("$.items[0].id").value(other));
        mvc.perform(get("/api/v1/conversations").param("field." + approved.key(), "true")
                        .param("field." + reason.key(), "Replace, with new").with(apiKey()))
                .andExpect(jsonPath("$.items.length()").value(1))
                .andExpect(jsonPath("$.items[0].id").value(one));
        mvc.perform(get("/api/v1/conversations").param("field." + amount.key(), "lots").with(apiKey()))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("field." + amount.key()));
        mvc.perform(get("/api/v1/conversations").param("field.nope_" + n, "x").with(apiKey()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("field.nope_" + n));

        patchJson(one, "{\"fields\": {\"%s\": null}}".formatted(order.key()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.fields." + order.key()).doesNotExist());
    }

    @Test
    void badValuesAreAllReportedAndNothingChanges() throws Exception {
        long n = unique();
        var amount = field("amt_" + n, ConversationField.Type.NUMBER, false);
        var reason = field("why_" + n, ConversationField.Type.DROPDOWN, false, "Refund");
        var day = field("day_" + n, ConversationField.Type.DATE, false);
        long id = open(uniqueEmail(), "Bad values " + n, "hello");
        int lines = conversations.messages(id).size();

        patchJson(id, """
                {"priority": "HIGH", "fields": {"%s": "twelve", "%s": "Cake", "%s": "20.11.2026", "ghost_%d": "x"}}
                """.formatted(amount.key(), reason.key(), day.key(), n))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field", hasItem("fields." + amount.key())))
                .andExpect(jsonPath("$.errors[*].field", hasItem("fields." + reason.key())))
                .andExpect(jsonPath("$.errors[*].field", hasItem("fields." + day.key())))
                .andExpect(jsonPath("$.errors[*].field", hasItem("fields.ghost_" + n)))
                .andExpect(jsonPath("$.errors[*].message", hasItem("must be one of: Refund")));
        assertThat(conversations.get(id).priority()).isEqualTo(Conversation.Priority.NORMAL);
        assertThat(fields.stored(id)).isEmpty();
        assertThat(conversations.messages(id)).hasSize(lines);

        var inactive = field("old_" + n, ConversationField.Type.TEXT, false);
        fields.save(inactive.id(), new ConversationFields.Definition(null, "Old", null, ConversationField.Type.TEXT,
                List.of(), false, false, null));
        patchJson(id, "{\"fields\": {\"%s\": \"x\"}}".formatted(inactive.key()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].message").value("is not active"));
    }

    @Test
    void requiredFieldsKeepAConversationFromBeingSolved() throws Exception {
        long n = unique();
        var order = field("must_" + n, ConversationField.Type.TEXT, true);
        var checked = field("checked_" + n, ConversationField.Type.CHECKBOX, true);
        long id = open(uniqueEmail(), "Required " + n, "hello");

        patchJson(id, "{\"status\": \"SOLVED\", \"fields\": {\"%s\": false}}".formatted(checked.key()))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type").value("/problems/fields-required"))
                .andExpect(jsonPath("$.detail").value(containsString("Label must_" + n)))
                .andExpect(jsonPath("$.detail").value(containsString("Label checked_" + n)));
        assertThat(conversations.get(id).status()).isEqualTo(Conversation.Status.NEW);
        assertThat(fields.stored(id)).as("the fields of the refused patch are not kept either").isEmpty();
        assertThat(conversations.messages(id)).extracting(Message::body).noneMatch(b -> b.contains("SOLVED"));

        mvc.perform(post("/desk/conversations/{id}/status", id).param("status", "CLOSED").with(staff(Role.AGENT))
                        .with(csrf()))
                .andExpect(redirectedUrl("/desk/conversations/" + id))
                .andExpect(flash().attribute("actionError", containsString("Label must_" + n)));
        assertThat(conversations.get(id).status()).isEqualTo(Conversation.Status.NEW);
        mvc.perform(get("/desk/conversations/{id}", id).with(staff(Role.AGENT)))
                .andExpect(content().string(containsString("Needed to solve")));

        patchJson(id, """
                {"status": "SOLVED", "fields": {"%s": "A-1", "%s": true}}
                """.formatted(order.key(), checked.key()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.conversation.status").value("SOLVED"));
        // made inactive, a required field no longer holds anything up
        long other = open(uniqueEmail(), "Required later " + n, "hello");
        fields.save(order.id(), new ConversationFields.Definition(null, order.label(), null, order.type(), List.of(),
                true, false, null));
        fields.save(checked.id(), new ConversationFields.Definition(null, checked.label(), null, checked.type(),
                List.of(), true, false, null));
        patchJson(other, "{\"status\": \"SOLVED\"}").andExpect(status().isOk());
    }

    @Test
    void theDeskShowsAndSavesFieldsWithReadableErrors() throws Exception {
        long n = unique();
        var amount = field("desk_amount_" + n, ConversationField.Type.NUMBER, false);
        var approved = field("desk_ok_" + n, ConversationField.Type.CHECKBOX, false);
        long id = open(uniqueEmail(), "Desk fields " + n, "hello");

        mvc.perform(get("/desk/conversations/{id}", id).with(staff(Role.AGENT)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("name=\"f." + amount.key() + "\"")))
                .andExpect(content().string(containsString("Label desk_amount_" + n)));
        mvc.perform(get("/desk/conversations/{id}", id).param("lang", "de").with(staff(Role.AGENT)))
                .andExpect(content().string(containsString("Feld desk_amount_" + n)));

        mvc.perform(post("/desk/conversations/{id}/fields", id).header("HX-Request", "true")
                        .param("f." + amount.key(), "zwölf").param("f." + approved.key(), "false")
                        .with(staff(Role.AGENT)).with(csrf()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("must be a number")))
                .andExpect(content().string(containsString("value=\"zwölf\"")))
                .andExpect(content().string(containsString("id=\"conversation-fields\"")));
        assertThat(fields.stored(id)).isEmpty();

        mvc.perform(post("/desk/conversations/{id}/fields", id).header("HX-Request", "true")
                        .param("f." + amount.key(), "12,5").param("f." + approved.key(), "false")
                        .param("f." + approved.key(), "true").with(staff(Role.AGENT)).with(csrf()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Fields saved.")));
        assertThat(fields.values(id)).containsEntry(amount.key(), new java.math.BigDecimal("12.5"))
                .containsEntry(approved.key(), true);
        assertThat(conversations.messages(id)).extracting(Message::body)
                .anyMatch(b -> b.equals("tester changed the fields: Label desk_amount_" + n + ": 12.5; Label desk_ok_"
                        + n + ": yes"));

        mvc.perform(post("/desk/conversations/{id}/fields", id).param("f." + amount.key(), "")
                        .param("f." + approved.key(), "false").with(staff(Role.AGENT)).with(csrf()))
                .andExpect(redirectedUrl("/desk/conversations/" + id))
                .andExpect(flash().attribute("flash", "Fields saved."));
        assertThat(fields.values(id)).doesNotContainKey(amount.key()).containsEntry(approved.key(), false);
    }

    @Test
    void onlySupervisorsSetUpFieldsAndOnlyWritersSetThem() throws Exception {
        long n = unique();
        mvc.perform(get("/console/support/fields").with(staff(Role.AGENT))).andExpect(status().isForbidden());
        mvc.perform(post("/console/support/fields").param("key", "sneaky_" + n).param("label", "Sneaky")
                .param("type", "TEXT").with(staff(Role.AGENT)).with(csrf())).andExpect(status().isForbidden());
        mvc.perform(get("/console/support/fields").with(staff(Role.SUPERVISOR))).andExpect(status().isOk());
        assertThat(fields.findByKey("sneaky_" + n)).isEmpty();

        mvc.perform(post("/console/support/fields").param("key", "Not OK").param("label", "")
                        .param("type", "DROPDOWN").param("options", "").with(staff(Role.SUPERVISOR)).with(csrf()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Please fix the fields marked below.")))
                .andExpect(content().string(containsString("a dropdown needs 1 to 50 options")))
                .andExpect(content().string(containsString("id=\"field-key-error\"")));
        mvc.perform(post("/console/support/fields").param("key", "console_" + n).param("label", "Reason")
                        .param("labelDe", "Grund").param("type", "DROPDOWN").param("options", "Refund\r\nReplace\r\n")
                        .param("requiredOnSolve", "true").param("active", "true")
                        .with(staff(Role.SUPERVISOR)).with(csrf()))
                .andExpect(redirectedUrl("/console/support/fields"))
                .andExpect(flash().attribute("flash", "Field Reason saved."));
        var saved = fields.findByKey("console_" + n).orElseThrow();
        made.add(saved.id());
        assertThat(saved.options()).containsExactly("Refund", "Replace");
        assertThat(saved.requiredOnSolve()).isTrue();
        assertThat(saved.labelDe()).isEqualTo("Grund");
        mvc.perform(get("/console/support/fields/{id}", saved.id()).with(staff(Role.ADMIN)))
                .andExpect(status().isOk()).andExpect(content().string(containsString("readonly")));

        long id = open(uniqueEmail(), "Scopes " + n, "hello");
        var key = apiKeys.create("fields-read-" + n, EnumSet.of(Scope.CONVERSATIONS_READ), "test");
        mvc.perform(patch("/api/v1/conversations/{id}", id).with(apiKey(key.secret()))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"fields\": {\"%s\": \"Refund\"}}".formatted(saved.key())))
                .andExpect(status().isForbidden());
        mvc.perform(post("/desk/conversations/{id}/fields", id).param("f." + saved.key(), "Refund")
                .with(staff(Role.READ_ONLY)).with(csrf())).andExpect(status().isForbidden());
        mvc.perform(post("/desk/conversations/{id}/team", id).param("team", "")
                .with(staff(Role.STORE_STAFF)).with(csrf())).andExpect(status().isForbidden());
        assertThat(fields.stored(id)).isEmpty();
    }

    @Test
    void theListFiltersByTypeAndChannel() throws Exception {
        long n = unique();
        var email = uniqueEmail();
        var memberId = enroll("Claire", email);
        long general = open(uniqueEmail(), "General " + n, "hello");
        var claim = claims.open(memberId, new NewClaim("R-" + n, null, java.time.LocalDate.now(clock).minusDays(2)
                .toString(), "12.00", null));
        long sms = conversations.open(new NewConversation(Conversation.Channel.SMS, "Sms " + n, null, uniquePhone(),
                "hi")).id();

        mvc.perform(get("/api/v1/conversations").param("type", "missing_points").with(apiKey()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[*].type", everyItem(is("MISSING_POINTS"))))
                .andExpect(jsonPath("$.items[*].id", hasItem((int) claim.conversationId())));
        mvc.perform(get("/api/v1/conversations").param("type", "GENERAL").with(apiKey()))
                .andExpect(jsonPath("$.items[*].type", everyItem(is("GENERAL"))))
                .andExpect(jsonPath("$.items[*].id", hasItem((int) general)))
                .andExpect(jsonPath("$.items[*].id", not(hasItem((int) claim.conversationId()))));
        mvc.perform(get("/api/v1/conversations").param("channel", "SMS").with(apiKey()))
                .andExpect(jsonPath("$.items[*].channel", everyItem(is("SMS"))))
                .andExpect(jsonPath("$.items[*].id", hasItem((int) sms)));
        mvc.perform(get("/api/v1/conversations").param("type", "COMPLAINT").with(apiKey()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("type"))
                .andExpect(jsonPath("$.errors[0].message").value("must be one of GENERAL, MISSING_POINTS"));
        mvc.perform(get("/api/v1/conversations").param("channel", "PIGEON").with(apiKey()))
                .andExpect(status().isBadRequest());
    }

    @Test
    void emailConversationsShowTheirMailsInTheApi() throws Exception {
        long n = unique();
        var email = "mailer" + n + "@example.test";
        var first = "<api-" + n + "@mail.example.test>";
        var received = inbound.receive(("Message-ID: " + first + "\r\nFrom: Mia Mail <" + email + ">\r\nTo: "
                + TestMail.SUPPORT + "\r\nCc: boss" + n + "@example.test, team" + n + "@example.test\r\n"
                + "Subject: Where are my points " + n + "\r\nDate: Tue, 24 Nov 2026 09:00:00 +0100\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPlease check.\r\n")
                .getBytes(StandardCharsets.UTF_8));
        long id = received.conversationId();
        Actor.callAs(new Actor(Actor.Type.STAFF, null, "jonas", null),
                () -> conversations.reply(id, "We are on it.", null));

        mvc.perform(get("/api/v1/conversations/{id}", id).with(apiKey()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.conversation.channel").value("EMAIL"))
                .andExpect(jsonPath("$.email.from").value("Mia Mail <" + email + ">"))
                .andExpect(jsonPath("$.email.subject").value("Where are my points " + n))
                .andExpect(jsonPath("$.email.messageId").value(first))
                .andExpect(jsonPath("$.email.cc[0]").value("boss" + n + "@example.test"))
                .andExpect(jsonPath("$.email.cc[1]").value("team" + n + "@example.test"))
                .andExpect(jsonPath("$.email.mails").value(2))
                .andExpect(jsonPath("$.messages[0].kind").value("FROM_MEMBER"))
                .andExpect(jsonPath("$.messages[0].body").value("Please check."))
                .andExpect(jsonPath("$.messages[0].email.direction").value("IN"))
                .andExpect(jsonPath("$.messages[0].email.messageId").value(first))
                .andExpect(jsonPath("$.messages[1].kind").value("FROM_AGENT"))
                .andExpect(jsonPath("$.messages[1].email.direction").value("OUT"))
                .andExpect(jsonPath("$.messages[1].email.inReplyTo").value(first))
                .andExpect(jsonPath("$.messages[1].email.to[0]").value(email))
                .andExpect(jsonPath("$.messages[1].email.status").value("QUEUED"));
        var lastId = jdbc.sql("select rfc_message_id from support_emails where conversation_id = :c order by id desc "
                + "limit 1").param("c", id).query(String.class).single();
        mvc.perform(get("/api/v1/conversations/{id}", id).with(apiKey()))
                .andExpect(jsonPath("$.email.lastMessageId").value(lastId));
        mvc.perform(get("/api/v1/conversations").param("channel", "EMAIL").with(apiKey()))
                .andExpect(jsonPath("$.items[?(@.id == " + id + ")].email.from", hasItem("Mia Mail <" + email + ">")));
        long plain = open(uniqueEmail(), "No mail " + n, "hi");
        mvc.perform(get("/api/v1/conversations/{id}", plain).with(apiKey()))
                .andExpect(jsonPath("$.email").doesNotExist())
                .andExpect(jsonPath("$.messages[0].email").doesNotExist());
    }

    @Test
    void movingToAnotherTeamReassignsByTheTeamsRules() throws Exception {
        long n = unique();
        var first = "mover-a" + n;
        var second = "mover-b" + n;
        var vip = Actor.callAs(Actor.system("test"), () -> teams.save(null, "Move VIP " + n, null,
                Team.Assignment.ROUND_ROBIN, List.of(second)));
        var manual = Actor.callAs(Actor.system("test"), () -> teams.save(null, "Move manual " + n, null,
                Team.Assignment.MANUAL, List.of(first)));
        teams.setAvailable(second, true);
        long id = open(uniqueEmail(), "Move me " + n, "hello");
        conversations.assign(id, first);

        patchJson(id, "{\"team\": \"move vip " + n + "\"}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.team").value("Move VIP " + n))
                .andExpect(jsonPath("$.conversation.assignee").value(second));
        assertThat(conversations.messages(id)).extracting(Message::body)
                .contains("routing assigned this to " + second)
                .anyMatch(b -> b.endsWith(" moved this to team Move VIP " + n))
                .anyMatch(b -> b.endsWith(" unassigned this"));

        mvc.perform(post("/desk/conversations/{id}/team", id).param("team", Long.toString(manual.id()))
                        .with(staff(Role.AGENT)).with(csrf()))
                .andExpect(redirectedUrl("/desk/conversations/" + id))
                .andExpect(flash().attribute("flash", "Moved to team Move manual " + n + "; nobody is assigned yet."));
        assertThat(conversations.get(id).assignee()).as("not in the manual team, and it picks nobody").isNull();
        assertThat(conversations.messages(id)).extracting(Message::body)
                .contains("tester moved this from team Move VIP " + n + " to team Move manual " + n);

        conversations.assign(id, first);
        int lines = conversations.messages(id).size();
        patchJson(id, "{\"team\": \"Nobody's team " + n + "\", \"priority\": \"URGENT\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("team"));
        assertThat(conversations.get(id).priority()).isEqualTo(Conversation.Priority.NORMAL);
        assertThat(conversations.messages(id)).hasSize(lines);
        mvc.perform(post("/desk/conversations/{id}/team", id).param("team", "vip").with(staff(Role.AGENT))
                        .with(csrf()))
                .andExpect(flash().attribute("actionError", "team: is not a team"));

        patchJson(id, "{\"team\": \"\"}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.team").doesNotExist())
                .andExpect(jsonPath("$.conversation.assignee").value(first));
        mvc.perform(get("/desk/conversations/{id}", id).with(staff(Role.AGENT)))
                .andExpect(content().string(containsString("id=\"move-team\"")));
        mvc.perform(get("/api/v1/audit").param("entityType", "conversation").param("entityId", Long.toString(id))
                        .with(apiKey()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("conversation.team-changed")))
                .andExpect(content().string(containsString("Move manual " + n)));
    }

    @Autowired
    io.loyaltydesk.members.Members members;

    @Test
    void erasingAMemberErasesTheirFreeTextValues() throws Exception {
        long n = unique();
        var note = field("note_" + n, ConversationField.Type.TEXT, false);
        var amount = field("sum_" + n, ConversationField.Type.NUMBER, false);
        var email = uniqueEmail();
        long member = enroll("Ida", email);
        long id = open(email, "Erase me " + n, "hello");
        patchJson(id, "{\"fields\": {\"%s\": \"lives at Hauptstr. 1\", \"%s\": 3}}".formatted(note.key(),
                amount.key())).andExpect(status().isOk());

        Actor.callAs(Actor.system("test"), () -> members.erase(new io.loyaltydesk.members.MemberId(member),
                "request " + n));
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        while (fields.stored(id).containsKey(note.id()) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(fields.values(id)).doesNotContainKey(note.key())
                .containsEntry(amount.key(), new java.math.BigDecimal("3"));
    }
}
