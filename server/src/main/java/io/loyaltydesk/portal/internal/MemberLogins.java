package io.loyaltydesk.portal.internal;

import io.loyaltydesk.engagement.Referrals;
import io.loyaltydesk.members.Channel;
import io.loyaltydesk.members.Enrollment;
import io.loyaltydesk.members.IdentifierKind;
import io.loyaltydesk.members.Member;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.platform.FieldProblem;
import io.loyaltydesk.platform.RateLimits;
import io.loyaltydesk.staff.Actor;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Members' portal logins: joining (enrollment and login in one transaction), and the lockout after failures. */
@Service
class MemberLogins {

    static final int PASSWORD_LENGTH_MIN = 10;
    static final int PASSWORD_LENGTH_MAX = 128;
    static final int FAILED_LOGINS_MAX = 5;
    static final Duration LOCKOUT = Duration.ofMinutes(15);

    private final JdbcClient jdbc;
    private final Members members;
    private final PasswordEncoder passwords;
    private final Clock clock;
    private final Referrals referrals;
    private final RateLimits rateLimits;

    MemberLogins(JdbcClient jdbc, Members members, PasswordEncoder passwords, Clock clock, Referrals referrals,
            RateLimits rateLimits) {
        this.referrals = referrals;
        this.rateLimits = rateLimits;
        this.jdbc = jdbc;
        this.members = members;
        this.passwords = passwords;
        this.clock = clock;
    }

    record Login(long memberId, String email, String passwordHash, int failedLogins, Instant lockedUntil) {

        boolean lockedAt(Instant now) {
            return lockedUntil != null && lockedUntil.isAfter(now);
        }
    }

    /** What the join form sends; consents lists the channels the member ticked. */
    record Joining(String firstName, String email, String password, Map<Channel, Boolean> consents, String locale,
            String remoteAddr, String referralCode) {
    }

    /** Enrolls the member (source "portal") and creates the login; nothing is written when anything is refused. */
    @Transactional
    public Member join(Joining joining) {
        var problems = new ArrayList<FieldProblem>();
        var email = normalised(joining.email());
        if (!email.isEmpty() && (taken(email) || members.findBy(IdentifierKind.EMAIL, email).isPresent())) {
            problems.add(new FieldProblem("email", "email.taken"));
        }
        if (email.isEmpty()) {
            problems.add(new FieldProblem("email", "email.required"));
        }
        if (joining.firstName() == null || joining.firstName().isBlank()) {
            problems.add(new FieldProblem("firstName", "firstName.required"));
        }
        var password = joining.password();
        var passwordProblem = passwordProblem(password);
        if (passwordProblem != null) {
            problems.add(new FieldProblem("password", passwordProblem));
        }
        var referralCode = Referrals.normalise(joining.referralCode());
        if (referralCode != null) {
            referralProblem(referralCode, email, joining.remoteAddr()).ifPresent(problems::add);
        }
        if (!problems.isEmpty()) {
            throw new CommandRefusedException.InvalidInput(problems);
        }
        var actor = new Actor(Actor.Type.MEMBER, null, email, joining.remoteAddr());
        var member = Actor.callAs(actor, () -> members.enroll(new Enrollment(joining.firstName(), null, email, null,
                null, joining.locale(), null, null, null, joining.consents(), "portal", null)));
        var now = Timestamp.from(clock.instant());
        jdbc.sql("""
                insert into member_logins (member_id, email, password_hash, created_at, updated_at)
                values (:member, :email, :hash, :now, :now)
                """)
                .param("member", member.id().value()).param("email", email)
                .param("hash", passwords.encode(password)).param("now", now)
                .update();
        if (referralCode != null) {
            Actor.callAs(actor, () -> referrals.join(member.id().value(), referralCode));
        }
        return member;
    }

    /** What is wrong with a new password (a message key of the portal), or null. */
    static String passwordProblem(String password) {
        if (password == null || password.length() < PASSWORD_LENGTH_MIN) {
            return "password.short";
        }
        return password.length() > PASSWORD_LENGTH_MAX ? "password.long" : null;
    }

    @Transactional(readOnly = true)
    public Optional<Login> byMember(long memberId) {
        return jdbc.sql("select * from member_logins where member_id = :member")
                .param("member", memberId)
                .query((rs, n) -> new Login(rs.getLong("member_id"), rs.getString("email"),
                        rs.getString("password_hash"), rs.getInt("failed_logins"),
                        rs.getTimestamp("locked_until") == null ? null : rs.getTimestamp("locked_until").toInstant()))
                .optional();
    }

    /** A code that cannot be used; unknown codes count against the address, as guesses. */
    private Optional<FieldProblem> referralProblem(String code, String email, String remoteAddr) {
        var key = remoteAddr == null ? "unknown" : remoteAddr;
        if (rateLimits.exhausted(Referrals.WRONG_CODES, key)) {
            return Optional.of(new FieldProblem("referralCode", "referral.TOO_MANY"));
        }
        var refusal = referrals.refusal(code, email, null);
        if (refusal.isPresent() && refusal.get() == Referrals.Refusal.UNKNOWN_CODE) {
            rateLimits.tryAcquire(Referrals.WRONG_CODES, key);
        }
        return refusal.map(r -> new FieldProblem("referralCode", "referral." + r.name()));
    }

    @Transactional(readOnly = true)
    public Optional<Login> byEmail(String email) {
        return jdbc.sql("select * from member_logins where email = :email")
                .param("email", normalised(email))
                .query((rs, n) -> new Login(rs.getLong("member_id"), rs.getString("email"),
                        rs.getString("password_hash"), rs.getInt("failed_logins"),
                        rs.getTimestamp("locked_until") == null ? null : rs.getTimestamp("locked_until").toInstant()))
                .optional();
    }

    /**
     * Counts a wrong password; the fifth in a row locks the login for {@link #LOCKOUT}. A lockout that ran out
     * starts the count afresh, so one more mistake after it does not lock again at once.
     */
    @Transactional
    public void failed(long memberId) {
        var now = clock.instant();
        jdbc.sql("""
                update member_logins
                   set failed_logins = case when locked_until is not null and locked_until <= :now then 1
                                            else failed_logins + 1 end,
                       locked_until = case when locked_until is not null and locked_until <= :now then null
                                           when failed_logins + 1 >= :max then :until
                                           else locked_until end,
                       updated_at = :now
                 where member_id = :member
                """)
                .param("now", Timestamp.from(now)).param("max", FAILED_LOGINS_MAX)
                .param("until", Timestamp.from(now.plus(LOCKOUT))).param("member", memberId)
                .update();
    }

    @Transactional
    public void succeeded(long memberId) {
        jdbc.sql("""
                update member_logins set failed_logins = 0, locked_until = null, updated_at = :now
                 where member_id = :member and (failed_logins <> 0 or locked_until is not null)
                """)
                .param("now", Timestamp.from(clock.instant())).param("member", memberId).update();
    }

    boolean matches(String password, String hash) {
        return passwords.matches(password, hash);
    }

    String hash(String password) {
        return passwords.encode(password);
    }

    Instant now() {
        return clock.instant();
    }

    private boolean taken(String email) {
        return jdbc.sql("select exists(select 1 from member_logins where email = :email)")
                .param("email", email).query(Boolean.class).single();
    }

    static String normalised(String email) {
        return email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
    }
}
