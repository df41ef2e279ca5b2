package io.loyaltydesk.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every text the points pages ask for exists in English and in German, so no page shows a ??key??. */
class PointsConsoleMessagesTest {

    private static final Pattern KEY = Pattern.compile("#\\{([A-Za-z0-9_.-]+)[}(]");

    @Test
    void everyKeyOfThePointsPagesIsInBothLanguages() throws IOException {
        var english = bundle("i18n/ledger.properties", "i18n/console.properties", "i18n/members.properties");
        var german = bundle("i18n/ledger_de.properties", "i18n/console_de.properties", "i18n/members_de.properties");
        var used = new TreeSet<String>();
        try (var files = Files.list(Path.of("src/main/resources/templates/ledger"))) {
            for (var file : files.toList()) {
                var matcher = KEY.matcher(Files.readString(file));
                while (matcher.find()) {
                    used.add(matcher.group(1));
                }
            }
        }
        for (var code : EntryCode.values()) {
            used.add("ledger.code." + code);
        }
        for (var policy : ExpiryPolicy.values()) {
            used.add("ledger.settings.expiryPolicy." + policy);
        }
        for (var status : Adjustment.Status.values()) {
            used.add("ledger.adjustment.status." + status);
        }
        used.addAll(List.of("nav.approvals", "nav.programSettings", "ledger.points.link",
                "ledger.rel.today", "ledger.rel.future", "ledger.rel.past", "ledger.refused.four-eyes"));
        assertThat(used).hasSizeGreaterThan(80);
        assertThat(used.stream().filter(k -> !english.containsKey(k)).toList()).as("missing in English").isEmpty();
        assertThat(used.stream().filter(k -> !german.containsKey(k)).toList()).as("missing in German").isEmpty();
        var ledgerEnglish = bundle("i18n/ledger.properties");
        var ledgerGerman = bundle("i18n/ledger_de.properties");
        assertThat(ledgerEnglish.keySet().stream().filter(k -> !ledgerGerman.containsKey(k)).toList())
                .as("English keys without German text").isEmpty();
        assertThat(ledgerGerman.keySet().stream().filter(k -> !ledgerEnglish.containsKey(k)).toList())
                .as("German keys without English text").isEmpty();
    }

    private static Properties bundle(String... resources) throws IOException {
        var properties = new Properties();
        for (var resource : resources) {
            try (var in = PointsConsoleMessagesTest.class.getClassLoader().getResourceAsStream(resource)) {
                assertThat(in).as(resource).isNotNull();
                properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            }
        }
        return properties;
    }
}
