package io.loyaltydesk.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every text the desk asks for exists in English and in German, so no page shows a ??key??. */
class DeskMessagesTest {

    private static final Pattern KEY = Pattern.compile("#\\{([A-Za-z0-9_.-]+)[}(]");

    @Test
    void everyKeyOfTheDeskIsInBothLanguages() throws IOException {
        var english = bundle("i18n/support.properties", "i18n/console.properties", "i18n/members.properties",
                "i18n/rewards.properties", "i18n/routing.properties");
        var german = bundle("i18n/support_de.properties", "i18n/console_de.properties", "i18n/members_de.properties",
                "i18n/rewards_de.properties", "i18n/routing_de.properties");
        var used = new TreeSet<String>();
        var matcher = KEY.matcher(Files.readString(Path.of("src/main/resources/templates/support/desk.html")));
        while (matcher.find()) {
            used.add(matcher.group(1));
        }
        for (var view : QueueView.values()) {
            used.add("support.view." + view);
        }
        for (var status : Conversation.Status.values()) {
            used.add("support.status." + status);
        }
        for (var priority : Conversation.Priority.values()) {
            used.add("support.priority." + priority);
        }
        for (var channel : Conversation.Channel.values()) {
            used.add("support.channel." + channel);
        }
        used.add("nav.desk");
        assertThat(used).hasSizeGreaterThan(60);
        assertThat(used.stream().filter(k -> !english.containsKey(k)).toList()).as("missing in English").isEmpty();
        assertThat(used.stream().filter(k -> !german.containsKey(k)).toList()).as("missing in German").isEmpty();
        var supportEnglish = bundle("i18n/support.properties");
        var supportGerman = bundle("i18n/support_de.properties");
        assertThat(supportEnglish.keySet()).as("the same keys in both languages")
                .containsExactlyInAnyOrderElementsOf(supportGerman.keySet());
    }

    private static Properties bundle(String... resources) throws IOException {
        var properties = new Properties();
        for (var resource : resources) {
            try (var in = DeskMessagesTest.class.getClassLoader().getResourceAsStream(resource)) {
                assertThat(in).as(resource).isNotNull();
                properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            }
        }
        return properties;
    }
}
