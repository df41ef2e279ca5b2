package io.loyaltydesk.support;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Properties;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * A real mail server for the tests (GreenMail, SMTP and IMAP on loopback), one per test JVM. Its ports are picked
 * when this class loads and handed to every application context of the tests as {@code spring.mail.*} and
 * {@code loyaltydesk.support.mail.*} (registered in META-INF/spring.factories), so the shared test context needs no
 * extra configuration and parallel builds on one machine do not fight over fixed ports.
 */
public final class TestMail implements EnvironmentPostProcessor {

    public static final String SUPPORT = "support@loyaltydesk.test";
    public static final String WEBHOOK_SECRET = "test-webhook-secret";
    private static final String PASSWORD = "support-password";
    private static final int SMTP_PORT = freePort();
    private static final int IMAP_PORT = freePort();
    private static GreenMail server;
    private static GreenMailUser mailbox;

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        var settings = new HashMap<String, Object>();
        settings.put("spring.mail.host", "127.0.0.1");
        settings.put("spring.mail.port", SMTP_PORT);
        settings.put("loyaltydesk.support.mail.address", SUPPORT);
        settings.put("loyaltydesk.support.mail.webhook-secret", WEBHOOK_SECRET);
        settings.put("loyaltydesk.support.mail.imap.host", "127.0.0.1");
        settings.put("loyaltydesk.support.mail.imap.port", IMAP_PORT);
        settings.put("loyaltydesk.support.mail.imap.tls", false);
        settings.put("loyaltydesk.support.mail.imap.username", SUPPORT);
        settings.put("loyaltydesk.support.mail.imap.password", PASSWORD);
        environment.getPropertySources().addLast(new MapPropertySource("test-mail", settings));
    }

    /** The running server (started on first use); it stays up until the JVM ends. */
    public static synchronized GreenMail server() {
        if (server == null) {
            server = new GreenMail(new ServerSetup[] {
                new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(IMAP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
            server.start();
            mailbox = server.setUser(SUPPORT, SUPPORT, PASSWORD);
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        }
        return server;
    }

    /**
     * Puts a raw mail into the support mailbox, as the member's mail server would (plus-addressed recipients
     * included: real servers deliver {@code support+tag@} to {@code support@}).
     */
    public static void deliver(String raw) {
        server();
        try {
            mailbox.deliver(new MimeMessage(Session.getInstance(new Properties()),
                    new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8))));
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the server received for one recipient, oldest first. */
    public static List<MimeMessage> receivedBy(String address) {
        return Arrays.stream(server().getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().contains(address));
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
