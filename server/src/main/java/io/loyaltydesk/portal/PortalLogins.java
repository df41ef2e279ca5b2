package io.loyaltydesk.portal;

import io.loyaltydesk.members.MemberId;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.platform.CommandRefusedException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Locale;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Portal logins for members who were enrolled elsewhere, opened by the system (the demo's member login). Members
 * themselves join through the portal's join page.
 */
@Service
public class PortalLogins {

    private final JdbcClient jdbc;
    private final Members members;
    private final PasswordEncoder passwords;
    private final Clock clock;

    PortalLogins(JdbcClient jdbc, Members members, PasswordEncoder passwords, Clock clock) {
        this.jdbc = jdbc;
        this.members = members;
        this.passwords = passwords;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public boolean exists(String email) {
        return jdbc.sql("select exists(select 1 from member_logins where email = :email)")
                .param("email", email.strip().toLowerCase(Locale.ROOT)).query(Boolean.class).single();
    }

    /**
     * Opens a login with the member's email (taken as verified: whoever opens it vouches for it) and password;
     * the welcome points are not granted (they are for joining in the portal). Refuses when the member has no
     * email or the email already has a login.
     */
    @Transactional
    public void open(MemberId memberId, String password) {
        var member = members.get(memberId);
        var email = member.email().orElseThrow(() -> new CommandRefusedException.RuleViolated("no-email",
                "Member " + memberId.value() + " has no email to log in with"));
        if (exists(email)) {
            throw new CommandRefusedException.Conflict("login-exists", "A portal login uses " + email + " already");
        }
        var now = Timestamp.from(clock.instant());
        jdbc.sql("""
                insert into member_logins (member_id, email, password_hash, email_verified_at, welcomed_at,
                                           created_at, updated_at)
                values (:member, :email, :hash, :now, :now, :now, :now)
                """)
                .param("member", memberId.value()).param("email", email.toLowerCase(Locale.ROOT))
                .param("hash", passwords.encode(password)).param("now", now).update();
    }
}
