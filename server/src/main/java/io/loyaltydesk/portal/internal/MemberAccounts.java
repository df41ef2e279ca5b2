package io.loyaltydesk.portal.internal;

import io.loyaltydesk.ledger.PointsLedger;
import io.loyaltydesk.members.Channel;
import io.loyaltydesk.members.IdentifierKind;
import io.loyaltydesk.members.Member;
import io.loyaltydesk.members.MemberChanges;
import io.loyaltydesk.members.MemberId;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.messaging.Messaging;
import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.platform.FieldProblem;
import io.loyaltydesk.platform.RateLimits;
import io.loyaltydesk.portal.PortalBranding;
import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.portal.internal.AccountTokens.Purpose;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What members do to their own account: verify their email (and get the welcome points), reset a forgotten
 * password, change email (confirmed by a link to the new address) and phone (confirmed by a code by SMS), choose
 * their language and what they may be contacted on, confirm their password, and delete their account. Every
 * command is one transaction; links and codes go out through the messaging outbox in that transaction.
 */
@Service
class MemberAccounts {

    static final RateLimits.Limit RESET_BY_ADDRESS = new RateLimits.Limit("portal-reset-address", 5, Duration.ofMinutes(15));
    static final RateLimits.Limit RESET_BY_EMAIL = new RateLimits.Limit("portal-reset-email", 3, Duration.ofHours(1));
    static final RateLimits.Limit VERIFY_RESEND = new RateLimits.Limit("portal-verify-resend", 3, Duration.ofHours(1));
    static final RateLimits.Limit EMAIL_CHANGE = new RateLimits.Limit("portal-email-change", 5, Duration.ofHours(1));
    static final RateLimits.Limit PHONE_SEND = new RateLimits.Limit("portal-phone-send", 3, Duration.ofHours(1));
    static final RateLimits.Limit PHONE_CODE_ENTRY = new RateLimits.Limit("portal-phone-code", 5, Duration.ofMinutes(15));
    static final RateLimits.Limit PASSWORD_CONFIRM = new RateLimits.Limit("portal-password-confirm", 5, Duration.ofMinutes(5));

    /** Too many attempts for now; the member is told to wait. */
    static final class Throttled extends RuntimeException {

        Throttled(String what) {
            super(what);
        }
    }

    private final JdbcClient jdbc;
    private final MemberLogins logins;
    private final AccountTokens tokens;
    private final Members members;
    private final Messaging messaging;
    private final PointsLedger ledger;
    private final PortalBranding branding;
    private final RateLimits rateLimits;
    private final PortalProperties properties;

    MemberAccounts(JdbcClient jdbc, MemberLogins logins, AccountTokens tokens, Members members, Messaging messaging,
            PointsLedger ledger, PortalBranding branding, RateLimits rateLimits, PortalProperties properties) {
        this.jdbc = jdbc;
        this.logins = logins;
        this.tokens = tokens;
        this.members = members;
        this.messaging = messaging;
        this.ledger = ledger;
        this.branding = branding;
        this.rateLimits = rateLimits;
        this.properties = properties;
    }

    /** Joins (enrolment and login) and sends the verification link, in one transaction. */
    @Transactional
    public Member join(MemberLogins.Joining joining) {
        var member = logins.join(joining);
        sendVerification(member.id().value());
        return member;
    }

    // ---- email verification and welcome points

    /** Sends (again) the link that verifies the member's login email; earlier links stop working. */
    @Transactional
    public void sendVerification(long memberId) {
        var member = members.get(new MemberId(memberId));
        var login = logins.byMember(memberId).orElseThrow(() -> new CommandRefusedException.NotFound("Login", memberId));
        var validity = properties.verifyEmailValidity();
        var token = tokens.issueLink(memberId, Purpose.VERIFY_EMAIL, login.email(), validity);
        messaging.email(memberId, login.email(), "verify-email", member.locale(),
                linkModel(member, "/portal/verify-email?token=" + token, validity), false);
    }

    @Transactional
    public void resendVerification(long memberId) {
        if (!rateLimits.tryAcquire(VERIFY_RESEND, Long.toString(memberId))) {
            throw new Throttled("verification");
        }
        if (!emailVerified(memberId)) {
            sendVerification(memberId);
        }
    }

    /** Whether the token is a live verification link (to show the confirm button, which {@link #verifyEmail} uses). */
    @Transactional(readOnly = true)
    public boolean verificationValid(String token) {
        return tokens.peek(Purpose.VERIFY_EMAIL, token).isPresent();
    }

    /**
     * Verifies the email the link was sent to, and grants the welcome points the first time a member verifies.
     * Returns the member and the points granted; empty when the link is unknown, used or expired.
     */
    @Transactional
    public Optional<Verified> verifyEmail(String token) {
        var used = tokens.use(Purpose.VERIFY_EMAIL, token);
        if (used.isEmpty()) {
            return Optional.empty();
        }
        long memberId = used.get().memberId();
        var login = logins.byMember(memberId);
        if (login.isEmpty() || !login.get().email().equals(used.get().newValue())) {
            // the login's email changed since the link was sent: it verifies nothing any more
            return Optional.empty();
        }
        return Optional.of(new Verified(memberId, markVerified(memberId)));
    }

    record Verified(long memberId, long welcomePoints) {
    }

    /** Sets the login's email verified; grants the welcome points once. Returns the points granted now. */
    private long markVerified(long memberId) {
        var now = Timestamp.from(tokens.now());
        jdbc.sql("update member_logins set email_verified_at = :now, updated_at = :now "
                        + "where member_id = :member and email_verified_at is null")
                .param("now", now).param("member", memberId).update();
        boolean first = jdbc.sql("update member_logins set welcomed_at = :now where member_id = :member "
                        + "and welcomed_at is null")
                .param("now", now).param("member", memberId).update() == 1;
        int points = branding.welcomePoints();
        if (first && points > 0 && ledger.grant(memberId, points, "welcome", Long.toString(memberId),
                "Welcome bonus for joining " + branding.current().programName())) {
            return points;
        }
        return 0;
    }

    @Transactional(readOnly = true)
    public boolean emailVerified(long memberId) {
        return jdbc.sql("select email_verified_at is not null from member_logins where member_id = :member")
                .param("member", memberId).query(Boolean.class).optional().orElse(false);
    }

    // ---- forgotten password

    enum ResetAnswer { SENT_IF_KNOWN, THROTTLED }

    /**
     * Sends a reset link if the email belongs to a login. The answer is the same whether it does or not; only
     * too many requests from one address are told to wait. Too many for one email are dropped silently.
     */
    @Transactional
    public ResetAnswer requestReset(String email, String remoteAddr) {
        if (!rateLimits.tryAcquire(RESET_BY_ADDRESS, String.valueOf(remoteAddr))) {
            return ResetAnswer.THROTTLED;
        }
        var normalised = MemberLogins.normalised(email);
        if (normalised.isEmpty() || !rateLimits.tryAcquire(RESET_BY_EMAIL, normalised)) {
            return ResetAnswer.SENT_IF_KNOWN;
        }
        logins.byEmail(normalised).flatMap(login -> members.find(new MemberId(login.memberId())))
                .filter(member -> !member.erased())
                .ifPresent(member -> {
                    long memberId = member.id().value();
                    var validity = properties.resetPasswordValidity();
                    var token = tokens.issueLink(memberId, Purpose.RESET_PASSWORD, null, validity);
                    messaging.email(memberId, normalised, "reset-password", member.locale(),
                            linkModel(member, "/portal/reset-password?token=" + token, validity), false);
                });
        return ResetAnswer.SENT_IF_KNOWN;
    }

    @Transactional(readOnly = true)
    public boolean resetValid(String token) {
        return tokens.peek(Purpose.RESET_PASSWORD, token).isPresent();
    }

    /**
     * Sets a new password with a reset link; also ends a lockout and counts as a verified email (the member
     * read the link there). Returns false when the link is unknown, used or expired.
     */
    @Transactional
    public boolean resetPassword(String token, String password) {
        var problem = MemberLogins.passwordProblem(password);
        if (problem != null) {
            throw new CommandRefusedException.InvalidInput("password", problem);
        }
        var used = tokens.use(Purpose.RESET_PASSWORD, token);
        if (used.isEmpty()) {
            return false;
        }
        long memberId = used.get().memberId();
        var now = Timestamp.from(tokens.now());
        jdbc.sql("update member_logins set password_hash = :hash, failed_logins = 0, locked_until = null, "
                        + "updated_at = :now where member_id = :member")
                .param("hash", logins.hash(password)).param("now", now).param("member", memberId).update();
        markVerified(memberId);
        return true;
    }

    // ---- changing email and phone

    /** Sends a confirmation link to the new address; the login's email changes only when it is opened. */
    @Transactional
    public String requestEmailChange(long memberId, String newEmail) {
        var email = members.normalised(IdentifierKind.EMAIL, newEmail);
        var login = logins.byMember(memberId).orElseThrow(() -> new CommandRefusedException.NotFound("Login", memberId));
        if (email.equals(login.email())) {
            throw new CommandRefusedException.InvalidInput("email", "email.same");
        }
        // limited before "taken" is answered: else a member could probe which addresses are registered
        if (!rateLimits.tryAcquire(EMAIL_CHANGE, Long.toString(memberId))) {
            throw new Throttled("email change");
        }
        if (logins.byEmail(email).isPresent() || members.findBy(IdentifierKind.EMAIL, email)
                .filter(m -> m.id().value() != memberId).isPresent()) {
            throw new CommandRefusedException.InvalidInput("email", "email.taken");
        }
        var member = members.get(new MemberId(memberId));
        var validity = properties.verifyEmailValidity();
        var token = tokens.issueLink(memberId, Purpose.CHANGE_EMAIL, email, validity);
        messaging.email(memberId, email, "change-email", member.locale(),
                linkModel(member, "/portal/change-email?token=" + token, validity), false);
        return email;
    }

    @Transactional(readOnly = true)
    public Optional<String> emailChangePending(String token) {
        return tokens.peek(Purpose.CHANGE_EMAIL, token).map(AccountTokens.Token::newValue);
    }

    /** Makes the confirmed address the login's and the member's email. Empty when the link is not valid. */
    @Transactional
    public Optional<String> confirmEmailChange(String token) {
        var used = tokens.use(Purpose.CHANGE_EMAIL, token);
        if (used.isEmpty()) {
            return Optional.empty();
        }
        long memberId = used.get().memberId();
        var email = used.get().newValue();
        if (logins.byEmail(email).isPresent()) {
            throw new CommandRefusedException.InvalidInput("email", "email.taken");
        }
        asMember(memberId, () -> members.update(new MemberId(memberId),
                new MemberChanges(Map.of("email", email), "changed by the member in the portal", "portal")));
        var now = Timestamp.from(tokens.now());
        jdbc.sql("update member_logins set email = :email, email_verified_at = :now, updated_at = :now "
                        + "where member_id = :member")
                .param("email", email).param("now", now).param("member", memberId).update();
        tokens.retire(memberId, Purpose.VERIFY_EMAIL);
        tokens.retire(memberId, Purpose.RESET_PASSWORD);
        return Optional.of(email);
    }

    /** Sends a code by SMS to the new number; the member's phone changes when the code is entered. */
    @Transactional
    public String requestPhoneChange(long memberId, String phone) {
        var normalised = members.normalised(IdentifierKind.PHONE, phone);
        // limited before "taken" is answered: else a member could probe which numbers are registered
        if (!rateLimits.tryAcquire(PHONE_SEND, Long.toString(memberId))) {
            throw new Throttled("phone code");
        }
        if (members.findBy(IdentifierKind.PHONE, normalised).filter(m -> m.id().value() != memberId).isPresent()) {
            throw new CommandRefusedException.InvalidInput("phone", "phone.taken");
        }
        var member = members.get(new MemberId(memberId));
        var validity = properties.phoneCodeValidity();
        var code = tokens.issueCode(memberId, Purpose.CHANGE_PHONE, normalised, validity);
        messaging.sms(memberId, normalised, "phone-code", member.locale(),
                Map.of("code", code, "validMinutes", validity.toMinutes()));
        return normalised;
    }

    @Transactional(readOnly = true)
    public Optional<String> phonePending(long memberId) {
        return tokens.pendingValue(memberId, Purpose.CHANGE_PHONE);
    }

    /**
     * Confirms the new phone with the code. A wrong code counts against the code (five retire it) and against
     * the member's rate limit. Returns the new number; empty for a wrong, used or expired code.
     */
    @Transactional(noRollbackFor = Throttled.class)
    public Optional<String> confirmPhone(long memberId, String code) {
        if (!rateLimits.tryAcquire(PHONE_CODE_ENTRY, Long.toString(memberId))) {
            throw new Throttled("phone code entry");
        }
        var used = tokens.useCode(memberId, Purpose.CHANGE_PHONE, code);
        if (used.isEmpty()) {
            return Optional.empty();
        }
        var phone = used.get().newValue();
        asMember(memberId, () -> members.update(new MemberId(memberId),
                new MemberChanges(Map.of("phone", phone), "verified by SMS code in the portal", "portal")));
        return Optional.of(phone);
    }

    // ---- preferences

    @Transactional
    public void changeLanguage(long memberId, String language) {
        if (language == null || !List.of("en", "de").contains(language)) {
            throw new CommandRefusedException.InvalidInput("language", "language.unknown");
        }
        asMember(memberId, () -> members.update(new MemberId(memberId),
                new MemberChanges(Map.of("locale", language), "chosen by the member in the portal", "portal")));
    }

    @Transactional
    public void changeConsents(long memberId, Map<Channel, Boolean> consents) {
        var fields = new LinkedHashMap<String, Object>();
        consents.forEach((channel, granted) -> fields.put(channel.name(), granted));
        asMember(memberId, () -> members.update(new MemberId(memberId),
                new MemberChanges(Map.of("consents", fields), "chosen by the member in the portal", "portal")));
    }

    // ---- password check and deletion

    /** Checks the member's password again (for a fresh login); wrong ones count towards the lockout. */
    @Transactional(noRollbackFor = Throttled.class)
    public boolean confirmPassword(long memberId, String password) {
        if (!rateLimits.tryAcquire(PASSWORD_CONFIRM, Long.toString(memberId))) {
            throw new Throttled("password confirmation");
        }
        var login = logins.byMember(memberId);
        if (login.isEmpty() || login.get().lockedAt(logins.now())) {
            return false;
        }
        if (!logins.matches(password == null ? "" : password, login.get().passwordHash())) {
            logins.failed(memberId);
            return false;
        }
        logins.succeeded(memberId);
        return true;
    }

    /**
     * Deletes the member's account at their request: their personal data is erased at once (the member number
     * and the financial records stay, anonymous, so the books balance) and the login goes. Points are forfeited.
     */
    @Transactional
    public void deleteAccount(long memberId, String remoteAddr) {
        var actor = new Actor(Actor.Type.MEMBER, Long.toString(memberId), "member " + memberId, remoteAddr);
        Actor.callAs(actor, () -> members.erase(new MemberId(memberId),
                "the member deleted their account in the portal"));
        forget(memberId);
    }

    /** Removes the login and its tokens (also when staff erase a member). */
    @Transactional
    public void forget(long memberId) {
        tokens.deleteOf(memberId);
        jdbc.sql("delete from member_logins where member_id = :member").param("member", memberId).update();
    }

    private Map<String, Object> linkModel(Member member, String path, Duration validity) {
        var model = new LinkedHashMap<String, Object>();
        model.put("firstName", member.firstName());
        model.put("linkUrl", messaging.link(path));
        model.put("validMinutes", validity.toMinutes());
        return model;
    }

    private static <T> T asMember(long memberId, Supplier<T> work) {
        return Actor.callAs(new Actor(Actor.Type.MEMBER, Long.toString(memberId), "member " + memberId, null), work);
    }

}
