package io.loyaltydesk;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;

import io.loyaltydesk.staff.Role;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Base of the tests that need the whole application on the embedded PostgreSQL. All of them share one
 * Spring context (and so one database); each test makes its own data with unique identifiers instead of
 * cleaning up, which also proves that the code copes with a database that is not empty.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
@Import(IntegrationTest.TestClock.class)
public abstract class IntegrationTest {

    /** Tests that move time put it back when they are done (see {@link MutableClock}). */
    @TestConfiguration(proxyBeanMethods = false)
    static class TestClock {

        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock(Instant.now());
        }
    }

    @Autowired
    protected MutableClock clock;

    /** The bootstrap API key from application-test.yml; it has every scope. */
    protected static final String API_KEY = "ldk_testkey1_0123456789abcdefghijklmnopqrstuvwxyz0123";

    private static final AtomicLong UNIQUE = new AtomicLong(System.nanoTime() % 1_000_000);

    @Autowired
    protected MockMvc mvc;

    /** Authenticates an API request with the all-scopes bootstrap key. */
    protected static RequestPostProcessor apiKey() {
        return apiKey(API_KEY);
    }

    protected static RequestPostProcessor apiKey(String key) {
        return request -> {
            request.addHeader("Authorization", "Bearer " + key);
            return request;
        };
    }

    /** A staff user with the given roles, for console requests (no database account needed). */
    protected static RequestPostProcessor staff(Role... roles) {
        return user("tester").roles(Arrays.stream(roles).map(Role::name).toArray(String[]::new));
    }

    /** A number no other test in this JVM has used, for unique emails, phones and ids. */
    protected static long unique() {
        return UNIQUE.incrementAndGet();
    }

    protected static String uniqueEmail() {
        return "member" + unique() + "@example.test";
    }

    /** A valid German mobile number that no other test has used. */
    protected static String uniquePhone() {
        return "+49151" + String.format("%08d", unique() % 100_000_000);
    }
}
