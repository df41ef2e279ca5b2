package io.loyaltydesk.staff;

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

/** Every text the staff pages ask for exists in English and in German, so no page shows a ??key??. */
class StaffMessagesTest {

    private static final Pattern KEY = Pattern.compile("#\\{([A-Za-z0-9_.]+)[}(]");

    @Test
    void everyLiteralKeyInTheStaffTemplatesIsInBothLanguages() throws IOException {
        var english = bundle("i18n/staff.properties", "i18n/console.properties");
        var german = bundle("i18n/staff_de.properties", "i18n/console_de.properties");
        var used = new TreeSet<String>();
        try (var files = Files.list(Path.of("src/main/resources/templates/staff"))) {
            for (var file : files.toList()) {
                var matcher = KEY.matcher(Files.readString(file));
                while (matcher.find()) {
                    used.add(matcher.group(1));
                }
            }
        }
        for (Role role : Role.values()) {
            used.add("staff.role." + role);
        }
        for (Scope scope : Scope.values()) {
            used.add("apikeys.scope." + scope);
        }
        assertThat(used).hasSizeGreaterThan(50);
        assertThat(used.stream().filter(k -> !english.containsKey(k)).toList()).as("missing in English").isEmpty();
        assertThat(used.stream().filter(k -> !german.containsKey(k)).toList()).as("missing in German").isEmpty();
        assertThat(english.keySet().stream().filter(k -> !german.containsKey(k)).toList())
                .as("English keys without German text").isEmpty();
    }

    private static Properties bundle(String... resources) throws IOException {
        var properties = new Properties();
        for (var resource : resources) {
            try (var in = StaffMessagesTest.class.getClassLoader().getResourceAsStream(resource)) {
                assertThat(in).as(resource).isNotNull();
                properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            }
        }
        return properties;
    }
}
