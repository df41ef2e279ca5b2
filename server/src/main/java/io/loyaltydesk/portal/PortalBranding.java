package io.loyaltydesk.portal;

import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.platform.FieldProblem;
import io.loyaltydesk.staff.AuditTrail;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The business's brand on the portal (one settings row); changes are audited. */
@Service
public class PortalBranding {

    static final int PROGRAM_NAME_MAX = 60;
    static final int LOGO_BYTES_MAX = 256 * 1024;
    public static final int WELCOME_POINTS_MAX = 100_000;

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;

    PortalBranding(JdbcClient jdbc, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    /** A logo as stored: its bytes and content type (PNG, JPEG or WebP). */
    public record Logo(byte[] bytes, String contentType) {
    }

    /**
     * What a program manager may change. {@code logo} null keeps the current logo unless {@code removeLogo}.
     */
    public record Change(String programName, String accentColour, Logo logo, boolean removeLogo, String reason) {
    }

    @Transactional(readOnly = true)
    public Branding current() {
        return jdbc.sql("select program_name, accent_colour, logo is not null as has_logo, logo_type, updated_at "
                        + "from portal_branding where id = 1")
                .query((rs, n) -> new Branding(rs.getString("program_name"), rs.getString("accent_colour"),
                        rs.getBoolean("has_logo"), rs.getString("logo_type"),
                        rs.getTimestamp("updated_at").toInstant()))
                .single();
    }

    @Transactional(readOnly = true)
    public Optional<Logo> logo() {
        return jdbc.sql("select logo, logo_type from portal_branding where id = 1 and logo is not null")
                .query((rs, n) -> new Logo(rs.getBytes("logo"), rs.getString("logo_type")))
                .optional();
    }

    @Transactional
    public Branding update(Change change) {
        var problems = new ArrayList<FieldProblem>();
        var name = change.programName() == null ? "" : change.programName().strip();
        if (name.isEmpty()) {
            problems.add(new FieldProblem("programName", "is required"));
        } else if (name.length() > PROGRAM_NAME_MAX) {
            problems.add(new FieldProblem("programName", "must have at most " + PROGRAM_NAME_MAX + " characters"));
        }
        var colour = change.accentColour() == null ? "" : change.accentColour().strip().toUpperCase(Locale.ROOT);
        if (!colour.matches("#[0-9A-F]{6}")) {
            problems.add(new FieldProblem("accentColour", "must be a hex colour such as #0B6E4F"));
        }
        var logo = change.logo();
        if (logo != null) {
            if (logo.bytes().length > LOGO_BYTES_MAX) {
                problems.add(new FieldProblem("logo", "must be at most 256 KB"));
            } else if (imageType(logo.bytes()) == null) {
                problems.add(new FieldProblem("logo", "must be a PNG, JPEG or WebP image"));
            }
        }
        if (change.reason() == null || change.reason().isBlank()) {
            problems.add(new FieldProblem("reason", "is required: say why the brand changes"));
        }
        if (!problems.isEmpty()) {
            throw new CommandRefusedException.InvalidInput(problems);
        }
        var before = current();
        var now = Timestamp.from(clock.instant());
        jdbc.sql("update portal_branding set program_name = :name, accent_colour = :colour, updated_at = :now where id = 1")
                .param("name", name).param("colour", colour).param("now", now).update();
        if (logo != null) {
            jdbc.sql("update portal_branding set logo = :logo, logo_type = :type where id = 1")
                    .param("logo", logo.bytes()).param("type", imageType(logo.bytes())).update();
        } else if (change.removeLogo()) {
            jdbc.sql("update portal_branding set logo = null, logo_type = null where id = 1").update();
        }
        var after = current();
        audit.record("portal.branding.changed", "settings", "portal-branding", state(before), state(after),
                change.reason());
        return after;
    }

    /** Points a member gets once for joining in the portal and verifying their email; 0 = none. */
    @Transactional(readOnly = true)
    public int welcomePoints() {
        return jdbc.sql("select welcome_points from portal_branding where id = 1").query(Integer.class).single();
    }

    /** Sets the welcome points; audited. Members who verified earlier keep what they got (or did not). */
    @Transactional
    public int updateWelcomePoints(Integer points, String reason) {
        var problems = new ArrayList<FieldProblem>();
        if (points == null || points < 0 || points > WELCOME_POINTS_MAX) {
            problems.add(new FieldProblem("welcomePoints", "must be a whole number from 0 to " + WELCOME_POINTS_MAX));
        }
        if (reason == null || reason.isBlank()) {
            problems.add(new FieldProblem("reason", "is required: say why the welcome points change"));
        }
        if (!problems.isEmpty()) {
            throw new CommandRefusedException.InvalidInput(problems);
        }
        int before = welcomePoints();
        jdbc.sql("update portal_branding set welcome_points = :points, updated_at = :now where id = 1")
                .param("points", points).param("now", Timestamp.from(clock.instant())).update();
        audit.record("portal.welcome-points.changed", "settings", "portal-welcome-points",
                Map.of("welcomePoints", before), Map.of("welcomePoints", points), reason);
        return points;
    }

    private static Map<String, Object> state(Branding branding) {
        var state = new LinkedHashMap<String, Object>();
        state.put("programName", branding.programName());
        state.put("accentColour", branding.accentColour());
        state.put("logo", branding.hasLogo());
        return state;
    }

    /** The content type from the file's first bytes; never trusted from the upload (no SVG: it can carry script). */
    static String imageType(byte[] b) {
        if (b.length > 8 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return "image/png";
        }
        if (b.length > 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF) {
            return "image/jpeg";
        }
        if (b.length > 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F'
                && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
            return "image/webp";
        }
        return null;
    }
}
