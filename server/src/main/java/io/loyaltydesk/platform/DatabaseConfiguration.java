package io.loyaltydesk.platform;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one place that decides which PostgreSQL the server talks to. With {@code loyaltydesk.db.url}
 * set it is that server; otherwise an embedded PostgreSQL 17 is started on its data directory under
 * {@code loyaltydesk.data-dir}, kept between runs and stopped cleanly when the application context
 * closes (Ctrl-C and SIGTERM close it through Spring Boot's shutdown hook).
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

    @Bean(destroyMethod = "close")
    DataSource dataSource(LoyaltyDeskProperties properties, EmbeddedDatabase embedded) {
        var db = properties.db();
        var config = new HikariConfig();
        config.setPoolName("loyaltydesk");
        config.setMaximumPoolSize(db.poolSizeMax());
        if (db.external()) {
            config.setJdbcUrl(db.url());
            config.setUsername(db.user());
            config.setPassword(db.password());
            log.info("Using external PostgreSQL at {}", db.url());
        } else {
            config.setJdbcUrl(embedded.jdbcUrl());
            config.setUsername("postgres");
        }
        return new HikariDataSource(config);
    }

    @Bean(destroyMethod = "close")
    EmbeddedDatabase embeddedDatabase(LoyaltyDeskProperties properties) {
        if (properties.db().external()) {
            return EmbeddedDatabase.NONE;
        }
        return EmbeddedDatabase.start(properties.dataDir().resolve("postgres"), properties.embeddedDb());
    }

    /** A running embedded PostgreSQL, or none when an external database is configured. */
    static final class EmbeddedDatabase implements AutoCloseable {

        static final EmbeddedDatabase NONE = new EmbeddedDatabase(null);

        private final EmbeddedPostgres postgres;

        private EmbeddedDatabase(EmbeddedPostgres postgres) {
            this.postgres = postgres;
        }

        static EmbeddedDatabase start(Path directory, LoyaltyDeskProperties.EmbeddedDb settings) {
            try {
                Files.createDirectories(directory);
                var started = EmbeddedPostgres.builder()
                        .setDataDirectory(directory)
                        .setCleanDataDirectory(settings.temporary())
                        .setPort(settings.port())
                        .setPGStartupWait(Duration.ofSeconds(60))
                        // zonky tunes for throw-away test databases; this one holds real data
                        .setServerConfig("synchronous_commit", "on")
                        .setServerConfig("fsync", "on")
                        .setServerConfig("full_page_writes", "on")
                        .setServerConfig("listen_addresses", "localhost")
                        .start();
                log.info("Embedded PostgreSQL running on port {} with data in {}", started.getPort(), directory.toAbsolutePath());
                var database = new EmbeddedDatabase(started);
                database.holdOwnShutdownHook(true);
                return database;
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + directory.toAbsolutePath(), e);
            }
        }

        String jdbcUrl() {
            return "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
        }

        @Override
        public void close() throws IOException {
            if (postgres != null) {
                holdOwnShutdownHook(false);
                postgres.close();
                log.info("Embedded PostgreSQL stopped");
            }
        }

        /**
         * zonky registers a JVM shutdown hook that stops PostgreSQL while Spring's own hook is still draining
         * requests and closing the pool, so in-flight work would lose its database. zonky's hook does nothing
         * once the instance counts as closed; we mark it so after start and unmark it just before we close the
         * database ourselves, after everything that uses it (Spring destroys the DataSource first).
         * See docs/adr/0002-embedded-postgresql.md.
         */
        private void holdOwnShutdownHook(boolean hold) {
            try {
                var field = EmbeddedPostgres.class.getDeclaredField("closed");
                field.setAccessible(true);
                ((AtomicBoolean) field.get(postgres)).set(hold);
            } catch (ReflectiveOperationException | RuntimeException e) {
                log.warn("Could not take over the embedded PostgreSQL shutdown; it may stop before the application", e);
            }
        }
    }
}
