package io.loyaltydesk.segments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.loyaltydesk.staff.Role;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockMultipartFile;

/** The segment pages, with who may do what. */
class SegmentConsoleTest extends SegmentTestSupport {

    @Test
    void aProgramManagerCreatesASegmentAndFillsIt() throws Exception {
        mvc.perform(get("/console/segments").with(staff(Role.PROGRAM_MANAGER)))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("href=\"/console/segments/new\""),
                        containsString("href=\"/console/segments\""))));
        mvc.perform(get("/console/segments/new").with(staff(Role.PROGRAM_MANAGER))).andExpect(status().isOk());
        mvc.perform(post("/console/segments").with(staff(Role.PROGRAM_MANAGER)).with(csrf())
                        .param("code", "a").param("name", ""))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("Please fix the fields marked below."),
                        containsString("id=\"code-error\""), containsString("id=\"name-error\""))));

        var code = "CON-" + unique();
        mvc.perform(post("/console/segments").with(staff(Role.PROGRAM_MANAGER)).with(csrf())
                        .param("code", code).param("name", "Console guests").param("description", "From the console"))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/console/segments/" + code));
        mvc.perform(post("/console/segments/{code}/edit", code).with(staff(Role.PROGRAM_MANAGER)).with(csrf())
                        .param("name", "Console VIPs").param("reason", "renamed"))
                .andExpect(status().is3xxRedirection());
        assertThat(segments.get(code).name()).isEqualTo("Console VIPs");

        var email = uniqueEmail();
        long anna = enroll(email, 0);
        long ben = enroll(uniqueEmail(), 0);
        mvc.perform(post("/console/segments/{code}/members", code).with(staff(Role.PROGRAM_MANAGER)).with(csrf())
                        .param("member", email))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attributeExists("flash"));
        mvc.perform(post("/console/segments/{code}/members", code).with(staff(Role.PROGRAM_MANAGER)).with(csrf())
                        .param("member", "nobody-" + unique() + "@example.test"))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("actionError", containsString("No member has the number or email")));
        mvc.perform(multipart("/console/segments/{code}/import", code)
                        .file(new MockMultipartFile("file", "members.csv", "text/csv",
                                (memberNumber(ben) + "\nghost-" + unique() + "@example.test\n")
                                        .getBytes(StandardCharsets.UTF_8)))
                        .with(staff(Role.PROGRAM_MANAGER)).with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("flash", "1 members added, 0 were already in the segment, "
                        + "1 lines matched no member."));
        assertThat(segments.isMember(code, anna)).isTrue();
        assertThat(segments.isMember(code, ben)).isTrue();

        mvc.perform(get("/console/segments/{code}", code).with(staff(Role.PROGRAM_MANAGER)))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("Console VIPs"), containsString(memberNumber(anna)),
                        containsString("/console/segments/" + code + "/members/" + ben + "/remove"))));
        mvc.perform(post("/console/segments/{code}/members/{id}/remove", code, ben)
                        .with(staff(Role.PROGRAM_MANAGER)).with(csrf()))
                .andExpect(status().is3xxRedirection());
        assertThat(segments.isMember(code, ben)).isFalse();
        assertThat(audits("segment.member-removed", code)).isEqualTo(1);
        mvc.perform(get("/console/segments").with(staff(Role.PROGRAM_MANAGER)))
                .andExpect(content().string(containsString("Console VIPs")));
    }

    @Test
    void agentsMayLookButNotChangeSegments() throws Exception {
        var code = segment();
        long member = enroll(uniqueEmail(), 0);
        mvc.perform(get("/console/segments").with(staff(Role.AGENT)))
                .andExpect(status().isOk())
                .andExpect(content().string(not(containsString("href=\"/console/segments/new\""))));
        mvc.perform(get("/console/segments/{code}", code).with(staff(Role.AGENT)))
                .andExpect(status().isOk())
                .andExpect(content().string(not(containsString("name=\"member\""))));
        mvc.perform(get("/console/segments/new").with(staff(Role.AGENT))).andExpect(status().isForbidden());
        mvc.perform(post("/console/segments").with(staff(Role.AGENT)).with(csrf())
                .param("code", "AG-" + unique()).param("name", "X")).andExpect(status().isForbidden());
        mvc.perform(get("/console/segments/{code}/edit", code).with(staff(Role.AGENT)))
                .andExpect(status().isForbidden());
        mvc.perform(post("/console/segments/{code}/members", code).with(staff(Role.AGENT)).with(csrf())
                .param("member", Long.toString(member))).andExpect(status().isForbidden());
        mvc.perform(post("/console/segments/{code}/members/{id}/remove", code, member).with(staff(Role.AGENT))
                .with(csrf())).andExpect(status().isForbidden());
        mvc.perform(multipart("/console/segments/{code}/import", code)
                .file(new MockMultipartFile("file", "m.csv", "text/csv", "x@example.test".getBytes()))
                .with(staff(Role.AGENT)).with(csrf())).andExpect(status().isForbidden());
        mvc.perform(get("/console/segments/{code}", "NONE-" + unique()).with(staff(Role.AGENT)))
                .andExpect(status().isNotFound());
        assertThat(segments.memberCount(code)).isZero();
    }

    @Test
    void everyKeyOfTheSegmentPagesIsInBothLanguages() throws IOException {
        var english = bundle("i18n/segments.properties", "i18n/console.properties");
        var german = bundle("i18n/segments_de.properties", "i18n/console_de.properties");
        var used = new TreeSet<String>();
        var key = Pattern.compile("#\\{([A-Za-z0-9_.-]+)[}(]");
        try (var files = Files.list(Path.of("src/main/resources/templates/segments"))) {
            for (var file : files.toList()) {
                var matcher = key.matcher(Files.readString(file));
                while (matcher.find()) {
                    used.add(matcher.group(1));
                }
            }
        }
        used.add("nav.segments");
        assertThat(used).hasSizeGreaterThan(20);
        assertThat(used.stream().filter(k -> !english.containsKey(k)).toList()).as("missing in English").isEmpty();
        assertThat(used.stream().filter(k -> !german.containsKey(k)).toList()).as("missing in German").isEmpty();
        assertThat(bundle("i18n/segments.properties").keySet())
                .isEqualTo(bundle("i18n/segments_de.properties").keySet());
    }

    private static Properties bundle(String... resources) throws IOException {
        var properties = new Properties();
        for (var resource : resources) {
            try (var in = SegmentConsoleTest.class.getClassLoader().getResourceAsStream(resource)) {
                properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            }
        }
        return properties;
    }
}
