package io.loyaltydesk.rewards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockMultipartFile;

class RewardsConsoleTest extends RewardTestSupport {

    @Autowired
    RewardCatalog catalog;

    @Test
    void aProgramManagerCreatesARewardWithAnImageAndSeesIt() throws Exception {
        var png = java.util.Base64.getDecoder().decode(
                "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
        var name = "Console coffee " + unique();
        mvc.perform(multipart("/console/rewards").file(new MockMultipartFile("image", "c.png", "image/png", png))
                        .param("name", "").param("kind", "VOUCHER_CODE").param("valueBand", "LOW")
                        .param("costPoints", "abc").param("codeSource", "GENERATED").param("codeLength", "12")
                        .with(staff(Role.PROGRAM_MANAGER)).with(csrf()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"costPoints-error\"")))
                .andExpect(content().string(containsString("must be a whole number")));
        mvc.perform(multipart("/console/rewards").file(new MockMultipartFile("image", "c.png", "image/png", png))
                        .param("name", name).param("kind", "VOUCHER_CODE").param("valueBand", "LOW")
                        .param("costPoints", "150").param("stock", "20").param("status", "ACTIVE")
                        .param("visibility", "PUBLIC").param("codeSource", "GENERATED").param("codeLength", "12")
                        .param("codeAlphabet", "23456789ABCDEFGHJKMNPQRSTUVWXYZ").param("codeUsesMax", "1")
                        .param("lowPoolThreshold", "10")
                        .with(staff(Role.PROGRAM_MANAGER)).with(csrf()))
                .andExpect(redirectedUrlPattern("/console/rewards/*"));
        var reward = catalog.all(null, false, null, false).stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow();
        assertThat(reward.hasImage()).isTrue();
        assertThat(reward.stockLeft()).isEqualTo(20);

        mvc.perform(get("/console/rewards").with(staff(Role.READ_ONLY))).andExpect(status().isOk())
                .andExpect(content().string(containsString(name)))
                .andExpect(content().string(not(containsString("/console/rewards/new"))));
        mvc.perform(get("/console/rewards/{id}", reward.id()).with(staff(Role.READ_ONLY))).andExpect(status().isOk())
                .andExpect(content().string(containsString("/media/rewards/" + reward.id())));
        mvc.perform(post("/console/rewards/{id}/stock", reward.id()).param("add", "-5").param("reason", "count")
                        .with(staff(Role.PROGRAM_MANAGER)).with(csrf()))
                .andExpect(status().is3xxRedirection());
        assertThat(catalog.get(reward.id()).stockLeft()).isEqualTo(15);
        mvc.perform(get("/console/rewards/new").with(staff(Role.STORE_STAFF))).andExpect(status().isForbidden());
    }

    @Test
    void storeStaffValidateAndRedeemAVoucherAtTheCounter() throws Exception {
        long member = enrollWith(200);
        long reward = reward("");
        var code = text(redeem(member, reward, 1), "$.codes[0]");

        mvc.perform(get("/console/counter").with(staff(Role.STORE_STAFF))).andExpect(status().isOk());
        mvc.perform(post("/console/counter/validate").param("code", code).with(staff(Role.STORE_STAFF)).with(csrf()))
                .andExpect(status().isOk()).andExpect(content().string(containsString("id=\"redeem\"")));
        mvc.perform(post("/console/counter/redeem").param("code", code).with(staff(Role.STORE_STAFF)).with(csrf()))
                .andExpect(status().isOk()).andExpect(content().string(containsString("redeemed")));
        mvc.perform(post("/console/counter/redeem").param("code", code).with(staff(Role.STORE_STAFF)).with(csrf()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("This voucher was already used.")));
        mvc.perform(get("/console/counter").with(staff(Role.READ_ONLY))).andExpect(status().isForbidden());
        mvc.perform(get("/console/redemptions").param("status", "USED").with(staff(Role.READ_ONLY)))
                .andExpect(status().isOk()).andExpect(content().string(containsString("#" + member)));
    }

    @Test
    void everyKeyOfTheRewardsPagesIsInBothLanguages() throws IOException {
        var english = bundle("i18n/rewards.properties", "i18n/console.properties");
        var german = bundle("i18n/rewards_de.properties", "i18n/console_de.properties");
        var used = new TreeSet<String>();
        var key = Pattern.compile("#\\{([A-Za-z0-9_.-]+)[}(]");
        try (var files = Files.list(Path.of("src/main/resources/templates/rewards"))) {
            for (var file : files.toList()) {
                var matcher = key.matcher(Files.readString(file));
                while (matcher.find()) {
                    used.add(matcher.group(1));
                }
            }
        }
        for (var v : Reward.Kind.values()) {
            used.add("rewards.kind." + v);
        }
        for (var v : Redemption.Status.values()) {
            used.add("rewards.redemption.status." + v);
        }
        assertThat(used).hasSizeGreaterThan(60);
        assertThat(used.stream().filter(k -> !english.containsKey(k)).toList()).as("missing in English").isEmpty();
        assertThat(used.stream().filter(k -> !german.containsKey(k)).toList()).as("missing in German").isEmpty();
        assertThat(bundle("i18n/rewards.properties").keySet()).isEqualTo(bundle("i18n/rewards_de.properties").keySet());
    }

    private static Properties bundle(String... resources) throws IOException {
        var properties = new Properties();
        for (var resource : resources) {
            try (var in = RewardsConsoleTest.class.getClassLoader().getResourceAsStream(resource)) {
                properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            }
        }
        return properties;
    }
}
