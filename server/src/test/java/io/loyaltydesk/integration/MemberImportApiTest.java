package io.loyaltydesk.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.loyaltydesk.IntegrationTest;
import io.loyaltydesk.members.Channel;
import io.loyaltydesk.members.IdentifierKind;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.staff.Role;
import io.loyaltydesk.staff.Scope;
import io.loyaltydesk.staff.internal.ApiKeys;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.ResultActions;

class MemberImportApiTest extends IntegrationTest {

    @Autowired
    Members members;

    @Autowired
    ApiKeys apiKeys;

    @Autowired
    JdbcClient jdbc;

    @Test
    void importsNewMembersWithTheirHistoricalEnrollmentDate() throws Exception {
        var anna = uniqueEmail();
        var ben = uniqueEmail();
        var phone = uniquePhone();
        var card = "IMP-" + unique();
        var csv = """
                Email,firstName,LASTNAME,phone,birthDate,locale,cardNumber,consentEmail,consentSms,enrolledAt
                %s,Anna,Berg,%s,1990-04-02,de,%s,yes,0,2021-03-14T09:30:00Z
                %s,Ben,Clark,,,en,,true,,2022-11-01
                """.formatted(anna, phone, card, ben);

        importCsv(csv)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.rows").value(2))
                .andExpect(jsonPath("$.created").value(2))
                .andExpect(jsonPath("$.updated").value(0))
                .andExpect(jsonPath("$.unchanged").value(0))
                .andExpect(jsonPath("$.failed").value(0))
                .andExpect(jsonPath("$.errors", hasSize(0)));

        var imported = members.findBy(IdentifierKind.EMAIL, anna).orElseThrow();
        assertThat(imported.displayName()).isEqualTo("Anna Berg");
        assertThat(imported.phone()).contains(phone);
        assertThat(imported.all(IdentifierKind.CARD)).containsExactly(card);
        assertThat(imported.birthDate()).isEqualTo(LocalDate.of(1990, 4, 2));
        assertThat(imported.locale()).isEqualTo("de");
        assertThat(imported.consented(Channel.EMAIL)).isTrue();
        assertThat(imported.consented(Channel.SMS)).isFalse();
        assertThat(imported.enrolledVia()).isEqualTo("import");
        assertThat(imported.createdAt()).isEqualTo(Instant.parse("2021-03-14T09:30:00Z"));
        assertThat(members.findBy(IdentifierKind.EMAIL, ben).orElseThrow().createdAt())
                .isBefore(Instant.parse("2022-11-02T00:00:00Z")).isAfter(Instant.parse("2022-10-31T00:00:00Z"));
        long audited = jdbc.sql("select count(*) from audit_log where action = 'member.enrolled' and entity_id = :id")
                .param("id", imported.id().toString()).query(Long.class).single();
        assertThat(audited).isEqualTo(1);
    }

    @Test
    void badRowsAreReportedWithTheirLineNumbersAndDoNotStopTheOthers() throws Exception {
        var good1 = uniqueEmail();
        var good2 = uniqueEmail();
        var csv = "email;firstName;birthDate;consentPush;enrolledAt\n"
                + good1 + ";Good;1980-01-01;no;\n"
                + "not-an-email;Bad;2999-01-01;maybe;\n"
                + "\n"
                + "\"" + uniqueEmail() + "\";\"Multi\nline\";;;2999-01-01\n"
                + good2 + ";Good;;1;\n"
                + ";NoIdentifier;;;\n";

        importCsv(csv)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.rows").value(5))
                .andExpect(jsonPath("$.created").value(2))
                .andExpect(jsonPath("$.failed").value(3))
                // line 3: the consent is checked before the row goes to the members module
                .andExpect(jsonPath("$.errors[0].row").value(3))
                .andExpect(jsonPath("$.errors[0].field").value("consentPush"))
                // line 5 (after a blank line): the enrollment date lies in the future
                .andExpect(jsonPath("$.errors[1].row").value(5))
                .andExpect(jsonPath("$.errors[1].field").value("enrolledAt"))
                // line 8, after the quoted value spanning two lines
                .andExpect(jsonPath("$.errors[2].row").value(8))
                .andExpect(jsonPath("$.errors[2].field").value("email"));
        assertThat(members.findBy(IdentifierKind.EMAIL, good1)).isPresent();
        assertThat(members.findBy(IdentifierKind.EMAIL, good2)).isPresent();

        // once the consent is right, the members module reports every bad field of the row
        importCsv("email,birthDate\nnot-an-email,2999-01-01\n")
                .andExpect(jsonPath("$.failed").value(1))
                .andExpect(jsonPath("$.errors", hasSize(2)))
                .andExpect(jsonPath("$.errors[0].row").value(2))
                .andExpect(jsonPath("$.errors[0].field").value("email"))
                .andExpect(jsonPath("$.errors[1].field").value("birthDate"));
    }

    @Test
    void importingTheSameFileAgainChangesNothingAndAChangedRowIsUpdated() throws Exception {
        var email = uniqueEmail();
        var externalId = "OLD-" + unique();
        var other = uniqueEmail();
        var csv = """
                email,externalId,firstName,lastName,phone,homeStoreCode,consentEmail,locale,birthDate
                %s,%s,Carla,Diaz,%s,,yes,en,1975-12-31
                %s,,Dieter,Engel,,,no,de,
                """.formatted(email, externalId, uniquePhone(), other);
        importCsv(csv).andExpect(jsonPath("$.created").value(2));
        var before = members.findBy(IdentifierKind.EMAIL, email).orElseThrow();

        importCsv(csv)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.rows").value(2))
                .andExpect(jsonPath("$.created").value(0))
                .andExpect(jsonPath("$.updated").value(0))
                .andExpect(jsonPath("$.unchanged").value(2))
                .andExpect(jsonPath("$.failed").value(0));
        assertThat(members.findBy(IdentifierKind.EMAIL, email).orElseThrow().version()).isEqualTo(before.version());

        // the same member found by its external id, with a new last name and email consent withdrawn
        importCsv("""
                externalId,lastName,consentEmail
                %s,Diaz-Fuchs,no
                """.formatted(externalId))
                .andExpect(jsonPath("$.updated").value(1))
                .andExpect(jsonPath("$.unchanged").value(0));
        var after = members.findBy(IdentifierKind.EMAIL, email).orElseThrow();
        assertThat(after.lastName()).isEqualTo("Diaz-Fuchs");
        assertThat(after.firstName()).isEqualTo("Carla");
        assertThat(after.consented(Channel.EMAIL)).isFalse();
        assertThat(after.id()).isEqualTo(before.id());
    }

    @Test
    void anEmailAndAnExternalIdOfTwoDifferentMembersIsARowError() throws Exception {
        var first = uniqueEmail();
        var second = uniqueEmail();
        var externalId = "X-" + unique();
        importCsv("email,externalId\n%s,%s\n%s,\n".formatted(first, externalId, second))
                .andExpect(jsonPath("$.created").value(2));

        importCsv("email,externalId\n%s,%s\n".formatted(second, externalId))
                .andExpect(jsonPath("$.failed").value(1))
                .andExpect(jsonPath("$.errors[0].field").value("externalId"));
    }

    @Test
    void unknownColumnsRefuseTheWholeFile() throws Exception {
        var email = uniqueEmail();
        importCsv("email,shoeSize,favouriteCake\n%s,42,Bienenstich\n".formatted(email))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("/problems/import-bad-header"))
                .andExpect(jsonPath("$.detail", containsString("shoeSize, favouriteCake")))
                .andExpect(jsonPath("$.errors[0].field").value("shoeSize"))
                .andExpect(jsonPath("$.errors[1].field").value("favouriteCake"));
        assertThat(members.findBy(IdentifierKind.EMAIL, email)).isEmpty();
    }

    @Test
    void anEmptyBodyIsABadRequest() throws Exception {
        importCsv("")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("/problems/import-empty"));
    }

    @Test
    void aFileAboveTenMegabytesIsTooLarge() throws Exception {
        var big = new byte[MemberImport.BYTES_MAX + 1];
        java.util.Arrays.fill(big, (byte) 'a');
        mvc.perform(post("/api/v1/imports/members").with(apiKey()).contentType("text/csv").content(big))
                .andExpect(status().isContentTooLarge())
                .andExpect(jsonPath("$.type").value("/problems/import-too-large"));
    }

    @Test
    void aKeyWithoutTheImportScopeIsForbidden() throws Exception {
        var readOnly = apiKeys.create("import-test-" + unique(), Set.of(Scope.MEMBERS_READ), "test").secret();
        var email = uniqueEmail();
        mvc.perform(post("/api/v1/imports/members").with(apiKey(readOnly)).contentType("text/csv")
                        .content("email\n" + email + "\n"))
                .andExpect(status().isForbidden());
        assertThat(members.findBy(IdentifierKind.EMAIL, email)).isEmpty();
    }

    @Test
    void withoutCredentialsTheImportIsUnauthorized() throws Exception {
        mvc.perform(post("/api/v1/imports/members").contentType("text/csv").content("email\nx@example.test\n"))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void anAgentImportsAFileOnTheConsolePage() throws Exception {
        mvc.perform(get("/console/members/import").with(staff(Role.AGENT)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("enctype=\"multipart/form-data\"")));

        var email = uniqueEmail();
        var file = new MockMultipartFile("file", "members.csv", "text/csv",
                ("email,firstName\n" + email + ",Console\nbroken@,Broken\n").getBytes(StandardCharsets.UTF_8));
        mvc.perform(multipart("/console/members/import").file(file).with(staff(Role.AGENT)).with(csrf()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("members.csv")))
                .andExpect(content().string(containsString("is not an email address")));
        assertThat(members.findBy(IdentifierKind.EMAIL, email).orElseThrow().firstName()).isEqualTo("Console");

        mvc.perform(multipart("/console/members/import").file(file).with(staff(Role.AGENT)))
                .andExpect(status().isForbidden());
        mvc.perform(get("/console/members/import").with(staff(Role.READ_ONLY)))
                .andExpect(status().isForbidden());
    }

    private ResultActions importCsv(String csv) throws Exception {
        return mvc.perform(post("/api/v1/imports/members").with(apiKey()).contentType("text/csv")
                .content(csv.getBytes(StandardCharsets.UTF_8)));
    }
}
