package io.loyaltydesk.staff.internal;

import io.loyaltydesk.platform.LoyaltyDeskProperties;
import io.loyaltydesk.staff.Role;
import io.loyaltydesk.staff.Scope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * On the first start (no staff account, no API key yet) creates the first administrator and an API key
 * with every scope. Secrets come from configuration when set; otherwise they are generated, printed once
 * and written to {@code <data dir>/bootstrap-credentials.txt}, readable by the owner only.
 */
@Component
@Order(0)
class BootstrapCredentials implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(BootstrapCredentials.class);

    private final StaffAccounts staff;
    private final ApiKeys apiKeys;
    private final LoyaltyDeskProperties properties;

    BootstrapCredentials(StaffAccounts staff, ApiKeys apiKeys, LoyaltyDeskProperties properties) {
        this.staff = staff;
        this.apiKeys = apiKeys;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        var bootstrap = properties.bootstrap();
        var generated = new ArrayList<String>();
        if (!staff.any()) {
            var password = bootstrap.adminPassword();
            if (password == null || password.isBlank()) {
                password = randomPassword();
                generated.add("admin username: " + bootstrap.adminUsernameOrDefault());
                generated.add("admin password: " + password);
            }
            staff.create(new StaffAccounts.NewStaff(bootstrap.adminUsernameOrDefault(), "Administrator", null,
                    EnumSet.of(Role.ADMIN), password));
            log.info("Created the first administrator '{}'", bootstrap.adminUsernameOrDefault());
        }
        if (!apiKeys.any()) {
            var key = bootstrap.apiKey() == null || bootstrap.apiKey().isBlank()
                    ? apiKeys.create("bootstrap", EnumSet.allOf(Scope.class), "system")
                    : apiKeys.create("bootstrap", EnumSet.allOf(Scope.class), "system", bootstrap.apiKey());
            if (bootstrap.apiKey() == null || bootstrap.apiKey().isBlank()) {
                generated.add("API key (all scopes): " + key.secret());
            }
            log.info("Created the bootstrap API key '{}...'", key.key().prefix());
        }
        if (!generated.isEmpty()) {
            var file = write(generated);
            // printed once, on purpose: these secrets exist nowhere else in clear
            System.out.println();
            System.out.println("=== Loyalty Desk first start: generated credentials (also in " + file + ") ===");
            generated.forEach(line -> System.out.println("  " + line));
            System.out.println("=== Change the password after logging in; revoke the key when you have your own ===");
            System.out.println();
        }
    }

    private Path write(List<String> lines) {
        var file = properties.dataDir().resolve("bootstrap-credentials.txt").toAbsolutePath();
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(file, lines, StandardOpenOption.TRUNCATE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file, e);
        }
    }

    private static String randomPassword() {
        var alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        var random = new SecureRandom();
        var password = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            password.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return password.toString();
    }
}
