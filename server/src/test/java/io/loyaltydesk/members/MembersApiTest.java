package io.loyaltydesk.members;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.loyaltydesk.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;

class MembersApiTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void enrollsAMemberWithNormalisedIdentifiers() throws Exception {
        var email = uniqueEmail();
        var phone = uniquePhone();
        mvc.perform(post("/api/v1/members").with(apiKey()).contentType(MediaType.APPLICATION_JSON).content("""
                {"firstName": "Anna", "lastName": "Berg", "email": "%s", "phone": "0%s",
                 "birthDate": "1990-04-02", "consents": {"EMAIL": true}}
                """.formatted(email.toUpperCase(), phone.substring(3))))
                .andExpect(status().isCreated())
                .andExpect(header().exists("Location"))
                .andExpect(jsonPath("$.email").value(email))
                .andExpect(jsonPath("$.phone").value(phone))
                .andExpect(jsonPath("$.status").value("ACTIVE"))
                .andExpect(jsonPath("$.memberNumber").isString())
                .andExpect(jsonPath("$.consents.EMAIL.granted").value(true))
                .andExpect(jsonPath("$.consents.SMS.granted").value(false));
    }

    @Test
    void aTakenEmailIsAConflictWhateverItsCase() throws Exception {
        var email = uniqueEmail();
        enroll("{\"email\": \"%s\"}".formatted(email));
        long before = countMembers();

        mvc.perform(post("/api/v1/members").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"email\": \"%s\"}".formatted(email.toUpperCase())))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("/problems/identifier-taken"));
        assertThat(countMembers()).isEqualTo(before);
    }

    @Test
    void everyBadFieldIsReportedAndNothingIsWritten() throws Exception {
        long before = countMembers();
        mvc.perform(post("/api/v1/members").with(apiKey()).contentType(MediaType.APPLICATION_JSON).content("""
                {"email": "not-an-email", "phone": "12", "birthDate": "2999-01-01", "locale": "??"}
                """))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("/problems/invalid-input"))
                .andExpect(jsonPath("$.errors", hasSize(4)))
                .andExpect(jsonPath("$.errors[*].field", containsInAnyOrder("email", "phone", "birthDate", "locale")));
        assertThat(countMembers()).isEqualTo(before);
    }

    @Test
    void findsAMemberByPhoneWrittenAnyWay() throws Exception {
        var phone = uniquePhone();
        var id = enroll("{\"firstName\": \"Phone\", \"phone\": \"%s\"}".formatted(phone));
        var national = "0" + phone.substring(3, 6) + " " + phone.substring(6);

        mvc.perform(get("/api/v1/members").param("phone", national).with(apiKey()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items", hasSize(1)))
                .andExpect(jsonPath("$.items[0].id").value(id));
    }

    @Test
    void patchChangesOnlyThePresentFieldsAndAudits() throws Exception {
        var id = enroll("{\"firstName\": \"Old\", \"lastName\": \"Name\", \"email\": \"%s\"}".formatted(uniqueEmail()));

        mvc.perform(patch("/api/v1/members/{id}", id).with(apiKey()).contentType("application/merge-patch+json")
                        .content("{\"firstName\": \"New\", \"reason\": \"typo\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.firstName").value("New"))
                .andExpect(jsonPath("$.lastName").value("Name"));

        var reason = jdbc.sql("select reason from audit_log where entity_type = 'member' and entity_id = :id "
                        + "and action = 'member.updated'")
                .param("id", Long.toString(id)).query(String.class).single();
        assertThat(reason).isEqualTo("typo");
    }

    private long enroll(String json) throws Exception {
        var result = mvc.perform(post("/api/v1/members").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content(json))
                .andExpect(status().isCreated()).andReturn();
        return Long.parseLong(result.getResponse().getHeader("Location").replaceAll(".*/", ""));
    }

    private long countMembers() {
        return jdbc.sql("select count(*) from members").query(Long.class).single();
    }
}
