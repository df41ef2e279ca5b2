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

/** Every text of the conversation-field pages exists in English and in German, so no page shows a ??key??. */
class FieldsMessagesTest {

    private static final Pattern KEY = Pattern.compile("#\\{([A-Za-z0-9_.-]+)[}(]");

    @Test
    void everyKeyOfTheFieldPagesIsInBothLanguages() throws IOException {
        var english = bundle("i18n/fields.properties", "i18n/console.properties", "i18n/routing.properties");
        var german = bundle("i18n/fields_de.properties", "i18n/console_de.properties", "i18n/routing_de.properties");
        var used = new TreeSet<String>();
        for (var template : new String[] {"fields.html", "fields-desk.html"}) {
            var matcher = KEY.matcher(Files.readString(Path.of("src/main/resources/templates/support/" + template)));
            while (matcher.find()) {
                used.add(matcher.group(1));
            }
        }
        for (var type : ConversationField.Type.values()) {
            used.add("fields.type." + type);
        }
        used.add("fields.required.solve");
        used.add("fields.flash.team");
        assertThat(used).hasSizeGreaterThan(25);
        assertThat(used.stream().filter(k -> !english.containsKey(k)).toList()).as("missing in English").isEmpty();
        assertThat(used.stream().filter(k -> !german.containsKey(k)).toList()).as("missing in German").isEmpty();
        assertThat(bundle("i18n/fields.properties").keySet()).as("the same keys in both languages")
                .containsExactlyInAnyOrderElementsOf(bundle("i18n/fields_de.properties").keySet());
    }

    private static Properties bundle(String... resources) throws IOException {
        var properties = new Properties();
        for (var resource : resources) {
            try (var in = FieldsMessagesTest.class.getClassLoader().getResourceAsStream(resource)) {
                assertThat(in).as(resource).isNotNull();
                properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            }
        }
        return properties;
    }
}
