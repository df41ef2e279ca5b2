package io.loyaltydesk.platform;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Top-level settings, bound from {@code loyaltydesk.*} (and so from {@code LOYALTYDESK_*} environment variables).
 *
 * @param dataDir where the embedded database and generated files live
 * @param db the external database; when its url is blank the embedded PostgreSQL is used
 * @param embeddedDb tuning of the embedded PostgreSQL
 * @param bootstrap the first admin password and API key; generated when blank
 * @param demo whether demo data is seeded at start-up
 */
@ConfigurationProperties("loyaltydesk")
public record LoyaltyDeskProperties(
        @DefaultValue("./data") Path dataDir,
        @DefaultValue Db db,
        @DefaultValue EmbeddedDb embeddedDb,
        @DefaultValue Bootstrap bootstrap,
        @DefaultValue Demo demo) {

    public record Db(String url, String user, String password, @DefaultValue("20") int poolSizeMax) {

        public boolean external() {
            return url != null && !url.isBlank();
        }
    }

    /**
     * @param port 0 picks a free port on each start
     * @param temporary delete the data directory when the server stops (tests)
     */
    public record EmbeddedDb(@DefaultValue("0") int port, @DefaultValue("false") boolean temporary) {
    }

    public record Bootstrap(String adminUsername, String adminPassword, String apiKey) {

        public String adminUsernameOrDefault() {
            return adminUsername == null || adminUsername.isBlank() ? "admin" : adminUsername;
        }
    }

    public record Demo(@DefaultValue("false") boolean enabled, @DefaultValue("300") int members) {
    }
}
