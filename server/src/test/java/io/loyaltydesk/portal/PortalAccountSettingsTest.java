package io.loyaltydesk.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.loyaltydesk.members.Channel;
import io.loyaltydesk.members.MemberId;
import io.loyaltydesk.members.MemberStatus;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.messaging.Inbox;
import io.loyaltydesk.messaging.Messaging;
import io.loyaltydesk.messaging.OutgoingMessage;
import io.loyaltydesk.staff.Role;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

/**
 * A member's own settings: the fresh password check, a phone confirmed by SMS code (rate-limited), preferences and
 * language, the inbox with triggered messages that respect consent, unsubscribe links, deleting the account.
 */
class PortalAccountSettingsTest extends PortalTestSupport {

    @Autowired
    Messaging messaging;

    @Autowired
    Inbox inbox;

    @Autowired
    Members members;

    @Autowired
    PortalBranding branding;

    @Test
    void profileChangesAskForThePasswordAgainWhenTheLoginIsOlderThanTenMinutes() throws Exception {
        var joined = join("Frida");
        mvc.perform(get("/portal/account").cookie(joined.session())).andExpect(status().isOk());
        var now = clock.instant();
        try {
            clock.advance(Duration.ofMinutes(11));
            mvc.perform(get("/portal/account").cookie(joined.session()))
                    .andExpect(redirectedUrl("/portal/confirm-password?next=%2Fportal%2Faccount"));
            // a POST is refused the same way and nothing changes; the member comes back to the page that posted
            mvc.perform(post("/portal/account/email").with(csrf()).cookie(joined.session())
                            .header("Referer", "http://localhost/portal/account").param("email", uniqueEmail()))
                    .andExpect(redirectedUrl("/portal/confirm-password?next=%2Fportal%2Faccount"));
            assertThat(messaging.outbox(joined.memberId(), 20)).noneMatch(m -> m.template().equals("change-email"));

            mvc.perform(post("/portal/confirm-password").with(csrf()).cookie(joined.session())
                            .param("password", "not the password").param("next", "/portal/account"))
                    .andExpect(content().string(containsString("id=\"confirm-error\"")));
            // never sent to another site
            mvc.perform(post("/portal/confirm-password").with(csrf()).cookie(joined.session())
                            .param("password", PASSWORD).param("next", "//evil.example/portal"))
                    .andExpect(redirectedUrl("/portal"));
            mvc.perform(get("/portal/account").cookie(joined.session())).andExpect(status().isOk());
            // and it lasts ten minutes from the confirmation
            clock.advance(Duration.ofMinutes(10));
            mvc.perform(get("/portal/account").cookie(joined.session())).andExpect(status().isOk());
            clock.advance(Duration.ofMinutes(1));
            mvc.perform(get("/portal/account").cookie(joined.session()))
                    .andExpect(status().is3xxRedirection());
        } finally {
            clock.set(now);
        }
    }

    @Test
    void aNewPhoneIsConfirmedWithTheCodeSentBySms() throws Exception {
        var joined = join("Paul");
        var phone = uniquePhone();
        mvc.perform(post("/portal/account/phone").with(csrf()).cookie(joined.session()).param("phone", "12"))
                .andExpect(content().string(containsString("does not look like a mobile number")));
        mvc.perform(post("/portal/account/phone").with(csrf()).cookie(joined.session()).param("phone", phone))
                .andExpect(redirectedUrl("/portal/account"));
        var code = codeSentTo(joined.memberId(), phone);
        assertThat(jdbc.sql("select count(*) from member_login_tokens where token_hash like :c")
                .param("c", "%" + code + "%").query(Long.class).single()).isZero();

        mvc.perform(post("/portal/account/phone/confirm").with(csrf()).cookie(joined.session())
                        .param("code", wrong(code)))
                .andExpect(content().string(containsString("id=\"code-error\"")));
        assertThat(members.get(new MemberId(joined.memberId())).phone()).isEmpty();
        mvc.perform(post("/portal/account/phone/confirm").with(csrf()).cookie(joined.session()).param("code", code))
                .andExpect(redirectedUrl("/portal/account"));
        assertThat(members.get(new MemberId(joined.memberId())).phone()).contains(phone);
        // used: the same code again does nothing
        mvc.perform(post("/portal/account/phone/confirm").with(csrf()).cookie(joined.session()).param("code", code))
                .andExpect(content().string(containsString("id=\"code-error\"")));
    }

    @Test
    void fiveWrongCodesRetireTheCodeAndFurtherEntriesAreThrottled() throws Exception {
        var joined = join("Gerd");
        var phone = uniquePhone();
        mvc.perform(post("/portal/account/phone").with(csrf()).cookie(joined.session()).param("phone", phone))
                .andExpect(redirectedUrl("/portal/account"));
        var code = codeSentTo(joined.memberId(), phone);
        for (int i = 0; i < 5; i++) {
            mvc.perform(post("/portal/account/phone/confirm").with(csrf()).cookie(joined.session())
                            .param("code", wrong(code)))
                    .andExpect(content().string(containsString("not right")));
        }
        assertThat(jdbc.sql("select used_at is not null from member_login_tokens where member_id = :m "
                        + "and purpose = 'CHANGE_PHONE'").param("m", joined.memberId()).query(Boolean.class).single())
                .as("the code is retired").isTrue();
        mvc.perform(post("/portal/account/phone/confirm").with(csrf()).cookie(joined.session()).param("code", code))
                .andExpect(content().string(containsString("Too many attempts")));
        assertThat(members.get(new MemberId(joined.memberId())).phone()).isEmpty();
    }

    @Test
    void aPhoneCodeExpiresAfterTenMinutes() throws Exception {
        var joined = join("Ina");
        var phone = uniquePhone();
        mvc.perform(post("/portal/account/phone").with(csrf()).cookie(joined.session()).param("phone", phone));
        var code = codeSentTo(joined.memberId(), phone);
        var now = clock.instant();
        try {
            clock.advance(Duration.ofMinutes(10).plusSeconds(1));
            // a fresh password first (the login is older than ten minutes now); then the code is too old
            mvc.perform(post("/portal/confirm-password").with(csrf()).cookie(joined.session())
                    .param("password", PASSWORD).param("next", "/portal/account"));
            mvc.perform(post("/portal/account/phone/confirm").with(csrf()).cookie(joined.session())
                            .param("code", code))
                    .andExpect(content().string(containsString("id=\"code-error\"")));
        } finally {
            clock.set(now);
        }
        assertThat(members.get(new MemberId(joined.memberId())).phone()).isEmpty();
    }

    @Test
    void preferencesAndLanguageChangeTheMembersConsentAndLocale() throws Exception {
        var joined = join("Lena");
        mvc.perform(get("/portal/preferences").cookie(joined.session()))
                .andExpect(content().string(containsString("id=\"consent-EMAIL\" value=\"EMAIL\" checked")));
        mvc.perform(post("/portal/preferences").with(csrf()).cookie(joined.session()).param("consents", "SMS"))
                .andExpect(redirectedUrl("/portal/preferences"));
        var member = members.get(new MemberId(joined.memberId()));
        assertThat(member.consented(Channel.EMAIL)).isFalse();
        assertThat(member.consented(Channel.SMS)).isTrue();
        assertThat(member.consents().get(Channel.SMS).source()).isEqualTo("portal");

        mvc.perform(post("/portal/preferences/language").with(csrf()).cookie(joined.session())
                        .param("language", "fr"))
                .andExpect(redirectedUrl("/portal/preferences"));
        assertThat(members.get(new MemberId(joined.memberId())).locale()).isNotEqualTo("fr");
        var result = mvc.perform(post("/portal/preferences/language").with(csrf()).cookie(joined.session())
                        .param("language", "de"))
                .andExpect(redirectedUrl("/portal/preferences")).andReturn();
        assertThat(members.get(new MemberId(joined.memberId())).locale()).isEqualTo("de");
        var langCookie = result.getResponse().getCookie("loyaltydesk-lang");
        assertThat(langCookie).isNotNull();
        mvc.perform(get("/portal/preferences").cookie(joined.session(), langCookie))
                .andExpect(content().string(containsString("Einstellungen")));
    }

    @Test
    void theWelcomeReachesTheInboxAlwaysAndEmailOnlyWithConsent() throws Exception {
        var withConsent = join("Anna");
        var withoutConsent = sessionWithoutConsent("Bert");
        eventually(() -> inbox.unread(withConsent.memberId()) == 1 && inbox.unread(withoutConsent.memberId()) == 1);

        assertThat(welcomeMails(withConsent.memberId())).hasSize(1);
        assertThat(welcomeMails(withoutConsent.memberId())).isEmpty();
        var mail = welcomeMails(withConsent.memberId()).getFirst();
        assertThat(mail.subject()).startsWith("Welcome to ");
        assertThat(mail.bodyText()).contains("/portal/unsubscribe?t=");
        assertThat(mail.bodyHtml()).contains("Unsubscribe from these emails");

        mvc.perform(get("/portal/notifications").cookie(withConsent.session()))
                .andExpect(content().string(containsString("Welcome to ")))
                .andExpect(content().string(containsString("id=\"unread-count\"")));
        var id = inbox.page(withConsent.memberId(), null, 10).items().getFirst().id();
        // another member cannot mark it read
        mvc.perform(post("/portal/notifications/{id}/read", id).with(csrf()).cookie(withoutConsent.session()));
        assertThat(inbox.unread(withConsent.memberId())).isEqualTo(1);
        mvc.perform(post("/portal/notifications/{id}/read", id).with(csrf()).cookie(withConsent.session())
                        .param("open", "/portal"))
                .andExpect(redirectedUrl("/portal"));
        assertThat(inbox.unread(withConsent.memberId())).isZero();
        mvc.perform(get("/portal/notifications").cookie(withConsent.session()))
                .andExpect(content().string(not(containsString("id=\"unread-count\""))));
    }

    @Test
    void pointsEarnedOnAPurchaseAreToldInTheInboxAndByEmailWithConsent() throws Exception {
        var amount = "4321.09";
        mvc.perform(post("/api/v1/rules").with(apiKey()).contentType(MediaType.APPLICATION_JSON).content("""
                {"status": "ACTIVE", "definition": {"name": "Messaging test bonus %d", "kind": "CUSTOM",
                 "condition": "purchase.total == %s", "effect": {"type": "FIXED", "points": 33}}}
                """.formatted(unique(), amount))).andExpect(status().isCreated());
        var joined = join("Carl");
        var quiet = sessionWithoutConsent("Dora");
        long purchase = purchase(joined.memberId(), amount);
        purchase(quiet.memberId(), amount);
        eventually(() -> inbox.page(joined.memberId(), null, 10).items().stream()
                .anyMatch(n -> n.kind().equals("points-earned"))
                && inbox.page(quiet.memberId(), null, 10).items().stream()
                .anyMatch(n -> n.kind().equals("points-earned")));
        var note = inbox.page(joined.memberId(), null, 10).items().stream()
                .filter(n -> n.kind().equals("points-earned")).findFirst().orElseThrow();
        // at least the 33 of the rule above: rules other tests left active may add theirs
        assertThat(note.title()).matches("You earned [\\d,]+ points");
        assertThat(Long.parseLong(note.title().replaceAll("\\D", ""))).isGreaterThanOrEqualTo(33);
        assertThat(note.link()).isEqualTo("/portal/purchases/" + purchase);
        assertThat(messaging.outbox(joined.memberId(), 20)).anyMatch(m -> m.template().equals("notification")
                && m.subject().startsWith(note.title()));
        assertThat(messaging.outbox(quiet.memberId(), 20)).noneMatch(m -> m.template().equals("notification"));
    }

    @Test
    void theUnsubscribeLinkWithdrawsTheEmailConsentAndAForgedOneDoesNothing() throws Exception {
        var joined = join("Hugo");
        eventually(() -> !welcomeMails(joined.memberId()).isEmpty());
        var url = MailSupport.link(welcomeMails(joined.memberId()).getFirst().bodyText(), "/portal/unsubscribe");
        var token = url.substring(url.indexOf("?t=") + 3);
        var forged = (joined.memberId() + 1) + token.substring(token.indexOf('.'));

        mvc.perform(get("/portal/unsubscribe").param("t", forged))
                .andExpect(content().string(containsString("is not valid")));
        mvc.perform(post("/portal/unsubscribe").param("t", forged))
                .andExpect(content().string(containsString("is not valid")));
        assertThat(members.get(new MemberId(joined.memberId())).consented(Channel.EMAIL)).isTrue();

        mvc.perform(get("/portal/unsubscribe").param("t", token))
                .andExpect(content().string(containsString("id=\"unsubscribe\"")));
        // the one-click unsubscribe of mail programs: a POST without a session or CSRF token
        mvc.perform(post("/portal/unsubscribe").param("t", token).param("List-Unsubscribe", "One-Click"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"unsubscribed\"")));
        var member = members.get(new MemberId(joined.memberId()));
        assertThat(member.consented(Channel.EMAIL)).isFalse();
        assertThat(member.consents().get(Channel.EMAIL).source()).isEqualTo("unsubscribe");
    }

    @Test
    void deletingTheAccountErasesTheMemberAndTheLogin() throws Exception {
        var joined = join("Zoe");
        mvc.perform(post("/portal/account/delete").with(csrf()).cookie(joined.session()))
                .andExpect(content().string(containsString("Please tick the box")));
        assertThat(members.get(new MemberId(joined.memberId())).erased()).isFalse();

        mvc.perform(post("/portal/account/delete").with(csrf()).cookie(joined.session()).param("confirm", "true"))
                .andExpect(redirectedUrl("/portal/login?deleted"));
        var member = members.get(new MemberId(joined.memberId()));
        assertThat(member.erased()).isTrue();
        assertThat(member.email()).isEmpty();
        assertThat(member.status()).isNotEqualTo(MemberStatus.MERGED);
        assertThat(jdbc.sql("select count(*) from member_logins where member_id = :m").param("m", joined.memberId())
                .query(Long.class).single()).isZero();
        mvc.perform(get("/portal").cookie(joined.session())).andExpect(status().is3xxRedirection());
        mvc.perform(login("/portal/login", joined.email(), PASSWORD, uniqueAddress()))
                .andExpect(redirectedUrl("/portal/login?error"));
        // the erasure reaches messaging too: the inbox and the outbox of the member are emptied
        eventually(() -> inbox.page(joined.memberId(), null, 10).items().isEmpty()
                && messaging.outbox(joined.memberId(), 10).isEmpty());
    }

    @Test
    void programManagersSetTheWelcomePointsInTheConsoleWithAReason() throws Exception {
        int before = branding.welcomePoints();
        try {
            mvc.perform(post("/console/settings/branding/welcome-points").with(staff(Role.PROGRAM_MANAGER)).with(csrf())
                            .param("welcomePoints", "-5").param("welcomeReason", ""))
                    .andExpect(status().isOk())
                    .andExpect(content().string(containsString("id=\"welcomePoints-error\"")))
                    .andExpect(content().string(containsString("id=\"welcomeReason-error\"")));
            assertThat(branding.welcomePoints()).isEqualTo(before);
            mvc.perform(post("/console/settings/branding/welcome-points").with(staff(Role.AGENT)).with(csrf())
                            .param("welcomePoints", "100").param("welcomeReason", "agents may not"))
                    .andExpect(status().isForbidden());
            mvc.perform(post("/console/settings/branding/welcome-points").with(staff(Role.PROGRAM_MANAGER)).with(csrf())
                            .param("welcomePoints", "120").param("welcomeReason", "autumn campaign"))
                    .andExpect(redirectedUrl("/console/settings/branding"));
            assertThat(branding.welcomePoints()).isEqualTo(120);
            mvc.perform(get("/console/settings/branding").with(staff(Role.PROGRAM_MANAGER)))
                    .andExpect(content().string(containsString("value=\"120\"")));
            assertThat(jdbc.sql("select count(*) from audit_log where action = 'portal.welcome-points.changed' "
                    + "and reason = 'autumn campaign'").query(Long.class).single()).isEqualTo(1);
        } finally {
            branding.updateWelcomePoints(before, "test done");
        }
    }

    @Test
    void aMemberErasedByStaffLosesTheLogin() throws Exception {
        var joined = join("Olga");
        io.loyaltydesk.staff.Actor.callAs(io.loyaltydesk.staff.Actor.system("test"),
                () -> members.erase(new MemberId(joined.memberId()), "request by letter"));
        eventually(() -> jdbc.sql("select count(*) from member_logins where member_id = :m")
                .param("m", joined.memberId()).query(Long.class).single() == 0);
        mvc.perform(login("/portal/login", joined.email(), PASSWORD, uniqueAddress()))
                .andExpect(redirectedUrl("/portal/login?error"));
    }

    @Test
    void aMemberWhoJoinedInGermanGetsGermanMessages() throws Exception {
        var email = uniqueEmail();
        mvc.perform(post("/portal/join").with(csrf()).with(from(uniqueAddress())).param("lang", "de")
                        .param("firstName", "Jonas").param("email", email).param("password", PASSWORD))
                .andExpect(redirectedUrl("/portal?welcome"));
        long memberId = jdbc.sql("select member_id from member_logins where email = :email").param("email", email)
                .query(Long.class).single();
        var verification = messaging.outbox(memberId, 10).stream().filter(m -> m.template().equals("verify-email"))
                .findFirst().orElseThrow();
        assertThat(verification.subject()).startsWith("Bestätigen Sie Ihre E-Mail");
        assertThat(verification.bodyText()).contains("Hallo Jonas").contains("Der Link funktioniert einmal, 24 Stunden lang");
        assertThat(verification.bodyHtml()).contains("lang=\"de\"").contains("E-Mail bestätigen");
        eventually(() -> inbox.unread(memberId) == 1);
        assertThat(inbox.page(memberId, null, 5).items().getFirst().title()).startsWith("Willkommen bei");
    }

    private Joined sessionWithoutConsent(String firstName) throws Exception {
        var email = uniqueEmail();
        var session = sessionOf(mvc.perform(post("/portal/join").with(csrf()).with(from(uniqueAddress()))
                        .param("firstName", firstName).param("email", email).param("password", PASSWORD))
                .andExpect(redirectedUrl("/portal?welcome")).andReturn());
        long memberId = jdbc.sql("select member_id from member_logins where email = :email").param("email", email)
                .query(Long.class).single();
        return new Joined(memberId, email, session);
    }

    private long purchase(long memberId, String amount) throws Exception {
        var receipt = mvc.perform(post("/api/v1/purchases").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"externalId": "MSG-%d", "channel": "POS", "memberId": %d, "occurredAt": "%s",
                                 "currency": "EUR", "totalAmount": "%s",
                                 "lines": [{"sku": "BEANS", "category": "COFFEE", "quantity": 1, "amount": "%s"}]}
                                """.formatted(unique(), memberId,
                                Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS), amount,
                                amount)))
                .andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString();
        return Long.parseLong(receipt.replaceAll("(?s)^\\{\"id\":(\\d+),.*", "$1"));
    }

    private java.util.List<OutgoingMessage> welcomeMails(long memberId) {
        return messaging.outbox(memberId, 20).stream().filter(m -> m.template().equals("notification")
                && m.subject().startsWith("Welcome to ")).toList();
    }

    private String codeSentTo(long memberId, String phone) {
        var sms = messaging.outbox(memberId, 20).stream()
                .filter(m -> m.channel() == OutgoingMessage.Channel.SMS && m.recipient().equals(phone))
                .findFirst().orElseThrow();
        assertThat(sms.bodyText()).contains("valid for 10 minutes");
        return sms.bodyText().replaceAll("(?s).*your code is (\\d{6}).*", "$1");
    }

    private static String wrong(String code) {
        return code.equals("000000") ? "111111" : "000000";
    }

    static void eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(50);
        }
    }
}
