package io.loyaltydesk.staff.internal;

import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.platform.FieldProblem;
import io.loyaltydesk.staff.AuditTrail;
import io.loyaltydesk.staff.Role;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Staff accounts: creation, roles, passwords, and the lockout after repeated failed logins. */
@Service
public class StaffAccounts implements UserDetailsService {

    static final int PASSWORD_LENGTH_MIN = 12;
    static final int FAILED_LOGINS_MAX = 5;
    static final Duration LOCKOUT = Duration.ofMinutes(15);
    private static final Pattern USERNAME = Pattern.compile("[a-zA-Z0-9._@-]{3,64}");

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;
    private final AuditTrail audit;
    private final Clock clock;

    StaffAccounts(JdbcClient jdbc, PasswordEncoder passwords, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.audit = audit;
        this.clock = clock;
    }

    /** A staff account as shown in the console; never carries the password hash. */
    public record StaffAccount(long id, String username, String displayName, String email, Set<Role> roles,
            boolean enabled, Instant lockedUntil, Instant lastLoginAt, Instant createdAt) {

        /** Whether the account is locked out at the given moment. */
        public boolean lockedAt(Instant now) {
            return lockedUntil != null && lockedUntil.isAfter(now);
        }

        Map<String, Object> auditState() {
            var state = new LinkedHashMap<String, Object>();
            state.put("username", username);
            state.put("displayName", displayName);
            state.put("email", email);
            state.put("roles", roles);
            state.put("enabled", enabled);
            return state;
        }
    }

    public record NewStaff(String username, String displayName, String email, Set<Role> roles, String password) {
    }

    @Override
    @Transactional(readOnly = true)
    public StaffUser loadUserByUsername(String username) {
        return jdbc.sql("select * from staff_accounts where lower(username) = lower(:u)")
                .param("u", username)
                .query((rs, n) -> new StaffUser(rs.getLong("id"), rs.getString("username"),
                        rs.getString("display_name"), rs.getString("password_hash"), roles(rs.getArray("roles")),
                        rs.getBoolean("enabled"), instant(rs, "locked_until"), clock.instant()))
                .optional()
                .orElseThrow(() -> new UsernameNotFoundException("unknown user"));
    }

    @Transactional(readOnly = true)
    public List<StaffAccount> all() {
        return jdbc.sql("select * from staff_accounts order by lower(username)").query(this::account).list();
    }

    @Transactional(readOnly = true)
    public Optional<StaffAccount> byId(long id) {
        return jdbc.sql("select * from staff_accounts where id = :id").param("id", id).query(this::account).optional();
    }

    @Transactional(readOnly = true)
    public boolean any() {
        return jdbc.sql("select exists(select 1 from staff_accounts)").query(Boolean.class).single();
    }

    @Transactional
    public StaffAccount create(NewStaff staff) {
        var problems = new ArrayList<FieldProblem>();
        if (staff.username() == null || !USERNAME.matcher(staff.username()).matches()) {
            problems.add(new FieldProblem("username", "use 3 to 64 letters, digits, dots, dashes, underscores or @"));
        } else if (usernameTaken(staff.username())) {
            problems.add(new FieldProblem("username", "is already taken"));
        }
        if (staff.displayName() == null || staff.displayName().isBlank()) {
            problems.add(new FieldProblem("displayName", "is required"));
        }
        validateRoles(staff.roles(), problems);
        validatePassword(staff.password(), problems);
        if (!problems.isEmpty()) {
            throw new CommandRefusedException.InvalidInput(problems);
        }
        var now = Timestamp.from(clock.instant());
        long id = jdbc.sql("""
                insert into staff_accounts (username, display_name, email, password_hash, roles, created_at, updated_at)
                values (:username, :displayName, :email, :hash, :roles, :now, :now) returning id
                """)
                .param("username", staff.username())
                .param("displayName", staff.displayName().strip())
                .param("email", blankToNull(staff.email()))
                .param("hash", passwords.encode(staff.password()))
                .param("roles", roleArray(staff.roles()))
                .param("now", now)
                .query(Long.class).single();
        var created = byId(id).orElseThrow();
        audit.record("staff.created", "staff", id, null, created.auditState(), null);
        return created;
    }

    @Transactional
    public StaffAccount update(long id, String displayName, String email, Set<Role> roles, boolean enabled,
            String reason) {
        var before = byId(id).orElseThrow(() -> new CommandRefusedException.NotFound("Staff account", id));
        var problems = new ArrayList<FieldProblem>();
        if (displayName == null || displayName.isBlank()) {
            problems.add(new FieldProblem("displayName", "is required"));
        }
        validateRoles(roles, problems);
        if (!problems.isEmpty()) {
            throw new CommandRefusedException.InvalidInput(problems);
        }
        boolean losesAdmin = before.roles().contains(Role.ADMIN) && (!roles.contains(Role.ADMIN) || !enabled);
        if (losesAdmin && enabledAdmins() <= 1) {
            throw new CommandRefusedException.RuleViolated("last-admin",
                    "At least one enabled administrator must remain");
        }
        jdbc.sql("""
                update staff_accounts set display_name = :displayName, email = :email, roles = :roles,
                       enabled = :enabled, updated_at = :now where id = :id
                """)
                .param("displayName", displayName.strip()).param("email", blankToNull(email))
                .param("roles", roleArray(roles)).param("enabled", enabled)
                .param("now", Timestamp.from(clock.instant())).param("id", id)
                .update();
        var after = byId(id).orElseThrow();
        audit.record("staff.updated", "staff", id, before.auditState(), after.auditState(), reason);
        return after;
    }

    @Transactional
    public void setPassword(long id, String password, String reason) {
        var account = byId(id).orElseThrow(() -> new CommandRefusedException.NotFound("Staff account", id));
        var problems = new ArrayList<FieldProblem>();
        validatePassword(password, problems);
        if (!problems.isEmpty()) {
            throw new CommandRefusedException.InvalidInput(problems);
        }
        jdbc.sql("""
                update staff_accounts set password_hash = :hash, failed_logins = 0, locked_until = null,
                       updated_at = :now where id = :id
                """)
                .param("hash", passwords.encode(password)).param("now", Timestamp.from(clock.instant()))
                .param("id", id).update();
        audit.record("staff.password-set", "staff", id, null, Map.of("username", account.username()), reason);
    }

    /**
     * Lifts a lockout before it runs out (the staff member called in and proved who they are) and starts
     * the count of failed logins afresh.
     */
    @Transactional
    public void unlock(long id, String reason) {
        var account = byId(id).orElseThrow(() -> new CommandRefusedException.NotFound("Staff account", id));
        var before = jdbc.sql("select failed_logins, locked_until from staff_accounts where id = :id for update")
                .param("id", id)
                .query((rs, n) -> lockState(rs.getInt("failed_logins"), instant(rs, "locked_until")))
                .single();
        jdbc.sql("update staff_accounts set failed_logins = 0, locked_until = null, updated_at = :now where id = :id")
                .param("now", Timestamp.from(clock.instant())).param("id", id).update();
        var after = lockState(0, null);
        after.put("username", account.username());
        before.put("username", account.username());
        audit.record("staff.unlocked", "staff", id, before, after, reason);
    }

    private static Map<String, Object> lockState(int failedLogins, Instant lockedUntil) {
        var state = new LinkedHashMap<String, Object>();
        state.put("failedLogins", failedLogins);
        state.put("lockedUntil", lockedUntil == null ? null : lockedUntil.toString());
        return state;
    }

    /** Counts a failed login; the account locks for {@link #LOCKOUT} after {@link #FAILED_LOGINS_MAX} in a row. */
    @Transactional
    public void loginFailed(String username) {
        var now = clock.instant();
        jdbc.sql("""
                update staff_accounts
                   set failed_logins = failed_logins + 1,
                       locked_until = case when failed_logins + 1 >= :max then :until else locked_until end
                 where lower(username) = lower(:u)
                """)
                .param("max", FAILED_LOGINS_MAX).param("until", Timestamp.from(now.plus(LOCKOUT)))
                .param("u", username).update();
    }

    @Transactional
    public void loginSucceeded(long id) {
        jdbc.sql("update staff_accounts set failed_logins = 0, locked_until = null, last_login_at = :now where id = :id")
                .param("now", Timestamp.from(clock.instant())).param("id", id).update();
    }

    private long enabledAdmins() {
        return jdbc.sql("select count(*) from staff_accounts where enabled and 'ADMIN' = any(roles)")
                .query(Long.class).single();
    }

    private boolean usernameTaken(String username) {
        return jdbc.sql("select exists(select 1 from staff_accounts where lower(username) = lower(:u))")
                .param("u", username).query(Boolean.class).single();
    }

    private static void validateRoles(Set<Role> roles, List<FieldProblem> problems) {
        if (roles == null || roles.isEmpty()) {
            problems.add(new FieldProblem("roles", "choose at least one role"));
        }
    }

    static void validatePassword(String password, List<FieldProblem> problems) {
        if (password == null || password.length() < PASSWORD_LENGTH_MIN) {
            problems.add(new FieldProblem("password", "must have at least " + PASSWORD_LENGTH_MIN + " characters"));
        } else if (password.length() > 128) {
            problems.add(new FieldProblem("password", "must have at most 128 characters"));
        }
    }

    private StaffAccount account(ResultSet rs, int row) throws SQLException {
        return new StaffAccount(rs.getLong("id"), rs.getString("username"), rs.getString("display_name"),
                rs.getString("email"), roles(rs.getArray("roles")), rs.getBoolean("enabled"),
                instant(rs, "locked_until"), instant(rs, "last_login_at"), instant(rs, "created_at"));
    }

    private static Set<Role> roles(Array array) throws SQLException {
        var names = (String[]) array.getArray();
        var roles = EnumSet.noneOf(Role.class);
        Arrays.stream(names).map(Role::valueOf).forEach(roles::add);
        return roles;
    }

    private static String[] roleArray(Set<Role> roles) {
        return roles.stream().map(Role::name).sorted().toArray(String[]::new);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        var ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
