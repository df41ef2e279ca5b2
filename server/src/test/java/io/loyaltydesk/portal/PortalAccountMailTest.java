package io.loyaltydesk.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.loyaltydesk.ledger.PointsLedger;
import io.loyaltydesk.members.MemberId;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.messaging.Messaging;
import io.loyaltydesk.messaging.OutgoingMessage;
import io.loyaltydesk.support.TestMail;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * The account journeys that go through email, end to end over real SMTP (GreenMail): the verification link with
 * the welcome points, the forgotten password, a new email address; links are single use and expire.
 */
class PortalAccountMailTest extends PortalTestSupport {

    @Autowired
    JavaMailSenderImpl mailSender;

    @Autowired
    Messaging messaging;

    @Autowired
    PortalBranding branding;

    @Autowired
    PointsLedger ledger;

    @Autowired
    Members members;

    /** The tests' GreenMail (see {@link TestMail}), which every test context sends to. */
    private int smtpPort;

    @BeforeEach
    void sendThroughGreenMail() {
        TestMail.server();
        smtpPort = mailSender.getPort();
    }

    @AfterEach
    void putBackTheSender() {
        mailSender.setPort(smtpPort);
    }

    /** Runs the outbox job's work once and returns the mails to {@code address}. */
    java.util.List<MimeMessage> deliverTo(String address) {
        messaging.deliverDue(1000);
        return MailSupport.to(TestMail.server().getReceivedMessages(), address);
    }

    @Test
    void theVerificationLinkConfirmsTheEmailAndGrantsTheWelcomePointsOnce() throws Exception {
        int before = branding.welcomePoints();
        branding.updateWelcomePoints(75, "test: welcome points");
        try {
            var joined = join("Vera");
            mvc.perform(get("/portal").cookie(joined.session()))
                    .andExpect(content().string(containsString("id=\"verify-email\"")))
                    .andExpect(content().string(containsString("75 welcome points")));

            var mails = deliverTo(joined.email());
            var verification = mails.stream().filter(m -> subject(m).startsWith("Confirm your email")).toList();
            assertThat(verification).hasSize(1);
            var text = MailSupport.text(verification.getFirst());
            assertThat(MailSupport.html(verification.getFirst())).contains("Confirm my email");
            var token = MailSupport.token(text, "/portal/verify-email");
            // only a hash is stored
            assertThat(jdbc.sql("select count(*) from member_login_tokens where token_hash = :t").param("t", token)
                    .query(Long.class).single()).isZero();

            // opening the link changes nothing yet (mail scanners open links); the button does
            mvc.perform(get("/portal/verify-email").param("token", token))
                    .andExpect(content().string(containsString("id=\"confirm-email\"")));
            assertThat(ledger.balance(joined.memberId()).available()).isZero();
            mvc.perform(post("/portal/verify-email").with(csrf()).cookie(joined.session()).param("token", token))
                    .andExpect(redirectedUrl("/portal"));
            assertThat(ledger.balance(joined.memberId()).available()).isEqualTo(75);
            mvc.perform(get("/portal").cookie(joined.session()))
                    .andExpect(content().string(containsString("id=\"balance\">75<")))
                    .andExpect(content().string(not(containsString("id=\"verify-email\""))));
            mvc.perform(get("/portal/history").cookie(joined.session()))
                    .andExpect(content().string(containsString("Welcome bonus for joining")));

            // single use: the same link again does nothing, and no second welcome
            mvc.perform(post("/portal/verify-email").with(csrf()).param("token", token))
                    .andExpect(status().isOk())
                    .andExpect(content().string(containsString("id=\"link-invalid\"")));
            assertThat(ledger.balance(joined.memberId()).available()).isEqualTo(75);
        } finally {
            branding.updateWelcomePoints(before, "test: back as it was");
        }
    }

    @Test
    void aVerificationLinkExpires() throws Exception {
        var joined = join("Eve");
        var token = MailSupport.token(MailSupport.text(deliverTo(joined.email()).stream()
                .filter(m -> subject(m).startsWith("Confirm your email")).findFirst().orElseThrow()),
                "/portal/verify-email");
        var now = clock.instant();
        try {
            clock.advance(Duration.ofHours(24).plusMinutes(1));
            mvc.perform(get("/portal/verify-email").param("token", token))
                    .andExpect(content().string(containsString("id=\"link-invalid\"")));
            mvc.perform(post("/portal/verify-email").with(csrf()).param("token", token))
                    .andExpect(content().string(containsString("id=\"link-invalid\"")));
        } finally {
            clock.set(now);
        }
        assertThat(jdbc.sql("select email_verified_at is null from member_logins where member_id = :m")
                .param("m", joined.memberId()).query(Boolean.class).single()).isTrue();
    }

    @Test
    void aForgottenPasswordIsResetByALinkThatWorksOnceAndDoesNotTellWhetherTheEmailExists() throws Exception {
        var joined = join("Rita");
        deliverTo(joined.email());
        var address = uniqueAddress();
        var unknown = uniqueEmail();
        var answerForUnknown = mvc.perform(post("/portal/forgot-password").with(csrf()).with(from(address))
                        .param("email", unknown))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        var answerForKnown = mvc.perform(post("/portal/forgot-password").with(csrf()).with(from(address))
                        .param("email", joined.email().toUpperCase()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        // the same answer either way
        assertThat(answerForKnown).contains("id=\"reset-sent\"").doesNotContain(joined.email().toUpperCase());
        assertThat(answerForUnknown).contains("id=\"reset-sent\"").doesNotContain(unknown);
        assertThat(withoutCsrf(answerForUnknown)).isEqualTo(withoutCsrf(answerForKnown));
        assertThat(deliverTo(unknown)).isEmpty();

        var resets = deliverTo(joined.email()).stream().filter(m -> subject(m).startsWith("Choose a new password"))
                .toList();
        assertThat(resets).hasSize(1);
        var token = MailSupport.token(MailSupport.text(resets.getFirst()), "/portal/reset-password");

        mvc.perform(post("/portal/reset-password").with(csrf()).param("token", token).param("password", "short"))
                .andExpect(content().string(containsString("at least 10 characters")));
        mvc.perform(post("/portal/reset-password").with(csrf()).param("token", token)
                        .param("password", "my brand new secret"))
                .andExpect(redirectedUrl("/portal/login"));
        mvc.perform(login("/portal/login", joined.email(), PASSWORD, uniqueAddress()))
                .andExpect(redirectedUrl("/portal/login?error"));
        mvc.perform(login("/portal/login", joined.email(), "my brand new secret", uniqueAddress()))
                .andExpect(redirectedUrl("/portal"));
        // used once: the link no longer sets a password
        mvc.perform(post("/portal/reset-password").with(csrf()).param("token", token)
                        .param("password", "someone elses secret"))
                .andExpect(content().string(containsString("id=\"link-invalid\"")));
        mvc.perform(login("/portal/login", joined.email(), "someone elses secret", uniqueAddress()))
                .andExpect(redirectedUrl("/portal/login?error"));
    }

    @Test
    void aResetLinkNeverPointsAtTheHostTheRequestNamed() throws Exception {
        var joined = join("Hilde");
        deliverTo(joined.email());
        mvc.perform(post("/portal/forgot-password").with(csrf()).with(from(uniqueAddress()))
                        .with(request -> {
                            request.setServerName("evil.example");
                            request.addHeader("Host", "evil.example");
                            return request;
                        })
                        .param("email", joined.email()))
                .andExpect(status().isOk());

        var reset = deliverTo(joined.email()).stream().filter(m -> subject(m).startsWith("Choose a new password"))
                .findFirst().orElseThrow();
        var text = MailSupport.text(reset);
        assertThat(text).contains("http://localhost:").contains("/portal/reset-password?token=")
                .doesNotContain("evil.example");
        // once sent, the outbox keeps no usable link
        var stored = messaging.outbox(joined.memberId(), 20).stream()
                .filter(m -> m.template().equals("reset-password")).findFirst().orElseThrow();
        assertThat(stored.status()).isEqualTo(OutgoingMessage.Status.SENT);
        assertThat(stored.bodyText()).doesNotContain("token=");
        assertThat(stored.bodyHtml()).isNull();
    }

    @Test
    void askingWhetherAddressesAreTakenIsRateLimitedLikeSendingTheLink() throws Exception {
        var joined = join("Paula");
        var other = join("Quentin");
        for (int i = 0; i < 5; i++) {
            mvc.perform(post("/portal/account/email").with(csrf()).cookie(joined.session()).param("email", other.email()))
                    .andExpect(content().string(containsString("already")));
        }
        // the sixth probe learns nothing: it is throttled before the address is looked up
        mvc.perform(post("/portal/account/email").with(csrf()).cookie(joined.session()).param("email", other.email()))
                .andExpect(content().string(org.hamcrest.Matchers.not(containsString("already"))));
    }

    @Test
    void aResetLinkExpiresAfterAnHour() throws Exception {
        var joined = join("Otto");
        mvc.perform(post("/portal/forgot-password").with(csrf()).with(from(uniqueAddress()))
                .param("email", joined.email())).andExpect(status().isOk());
        var token = MailSupport.token(MailSupport.text(deliverTo(joined.email()).stream()
                .filter(m -> subject(m).startsWith("Choose a new password")).findFirst().orElseThrow()),
                "/portal/reset-password");
        var now = clock.instant();
        try {
            clock.advance(Duration.ofMinutes(61));
            mvc.perform(post("/portal/reset-password").with(csrf()).param("token", token)
                            .param("password", "too late a secret"))
                    .andExpect(content().string(containsString("id=\"link-invalid\"")));
        } finally {
            clock.set(now);
        }
    }

    @Test
    void resetRequestsFromOneAddressAreRateLimited() throws Exception {
        var address = uniqueAddress();
        for (int i = 0; i < 5; i++) {
            mvc.perform(post("/portal/forgot-password").with(csrf()).with(from(address)).param("email", uniqueEmail()))
                    .andExpect(content().string(containsString("id=\"reset-sent\"")));
        }
        mvc.perform(post("/portal/forgot-password").with(csrf()).with(from(address)).param("email", uniqueEmail()))
                .andExpect(content().string(containsString("id=\"reset-throttled\"")));
        // a different address is not affected
        mvc.perform(post("/portal/forgot-password").with(csrf()).with(from(uniqueAddress()))
                        .param("email", uniqueEmail()))
                .andExpect(content().string(containsString("id=\"reset-sent\"")));
    }

    @Test
    void aNewEmailIsUsedOnlyOnceItsLinkIsOpened() throws Exception {
        var joined = join("Emil");
        var newEmail = uniqueEmail();
        mvc.perform(post("/portal/account/email").with(csrf()).cookie(joined.session()).param("email", "not-an-email"))
                .andExpect(content().string(containsString("does not look like an email address")));
        mvc.perform(post("/portal/account/email").with(csrf()).cookie(joined.session()).param("email", newEmail))
                .andExpect(redirectedUrl("/portal/account"));
        // nothing changed yet
        mvc.perform(login("/portal/login", newEmail, PASSWORD, uniqueAddress()))
                .andExpect(redirectedUrl("/portal/login?error"));

        var mails = deliverTo(newEmail);
        assertThat(mails).hasSize(1);
        assertThat(subject(mails.getFirst())).startsWith("Confirm your new email");
        var token = MailSupport.token(MailSupport.text(mails.getFirst()), "/portal/change-email");
        mvc.perform(get("/portal/change-email").param("token", token))
                .andExpect(content().string(containsString(newEmail)));
        mvc.perform(post("/portal/change-email").with(csrf()).param("token", token))
                .andExpect(redirectedUrl("/portal/login"));

        assertThat(members.get(new MemberId(joined.memberId())).email()).contains(newEmail);
        mvc.perform(login("/portal/login", newEmail, PASSWORD, uniqueAddress())).andExpect(redirectedUrl("/portal"));
        mvc.perform(login("/portal/login", joined.email(), PASSWORD, uniqueAddress()))
                .andExpect(redirectedUrl("/portal/login?error"));
        mvc.perform(post("/portal/change-email").with(csrf()).param("token", token))
                .andExpect(content().string(containsString("id=\"link-invalid\"")));
    }

    @Test
    void theOutboxRetriesWithGrowingWaitsAndGivesUp() throws Exception {
        var joined = join("Tess");
        mailSender.setPort(1); // nothing listens there
        var now = clock.instant();
        try {
            messaging.deliverDue(1000);
            var message = verificationOf(joined.memberId());
            assertThat(message.status()).isEqualTo(OutgoingMessage.Status.PENDING);
            assertThat(message.attempts()).isEqualTo(1);
            assertThat(message.lastError()).startsWith("SMTP");
            assertThat(Duration.between(now, message.nextAttemptAt())).isCloseTo(Duration.ofMinutes(1), Duration.ofMillis(1));
            for (int attempt = 2; attempt <= 8; attempt++) {
                clock.set(verificationOf(joined.memberId()).nextAttemptAt());
                messaging.deliverDue(1000);
            }
            var failed = verificationOf(joined.memberId());
            assertThat(failed.attempts()).isEqualTo(8);
            assertThat(failed.status()).isEqualTo(OutgoingMessage.Status.FAILED);
        } finally {
            clock.set(now);
        }
    }

    @Test
    void aMessageThatFailedOnceGoesOutOnTheNextAttempt() throws Exception {
        var joined = join("Ugo");
        mailSender.setPort(1);
        var now = clock.instant();
        try {
            messaging.deliverDue(1000);
            assertThat(verificationOf(joined.memberId()).attempts()).isEqualTo(1);
            mailSender.setPort(smtpPort);
            messaging.deliverDue(1000);
            assertThat(MailSupport.to(TestMail.server().getReceivedMessages(), joined.email()))
                    .noneMatch(m -> subject(m).startsWith("Confirm your email"));
            clock.advance(Duration.ofMinutes(1));
            assertThat(deliverTo(joined.email())).filteredOn(m -> subject(m).startsWith("Confirm your email"))
                    .hasSize(1);
            assertThat(verificationOf(joined.memberId()).status()).isEqualTo(OutgoingMessage.Status.SENT);
        } finally {
            clock.set(now);
        }
    }

    private OutgoingMessage verificationOf(long memberId) {
        return messaging.outbox(memberId, 20).stream().filter(m -> m.template().equals("verify-email"))
                .findFirst().orElseThrow();
    }

    /** The CSRF token differs on every page; everything else must not. */
    static String withoutCsrf(String page) {
        return page.replaceAll("name=\"_csrf\" content=\"[^\"]*\"", "").replaceAll("name=\"_csrf\" value=\"[^\"]*\"", "");
    }

    static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
