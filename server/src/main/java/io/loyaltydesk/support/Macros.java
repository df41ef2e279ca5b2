package io.loyaltydesk.support;

import io.loyaltydesk.ledger.PointsLedger;
import io.loyaltydesk.members.MemberId;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.platform.FieldProblem;
import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.staff.AuditTrail;
import io.loyaltydesk.tiers.Tiers;
import java.sql.Timestamp;
import java.text.NumberFormat;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Macros (canned responses). Placeholders are filled in one pass from a fixed list of values: a value is inserted as
 * plain text and never read as a template again (a member called "{{agent.name}}" stays that), and the result is
 * plain text that the desk renders escaped like every message. A macro with an unknown placeholder cannot be saved.
 */
@Service
public class Macros {

    public static final int NAME_MAX = 100;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z.]+)\\s*}}");

    /** The placeholders a macro may use, with what they stand for. */
    public static final Map<String, String> PLACEHOLDERS = placeholders();

    private final JdbcClient jdbc;
    private final Conversations conversations;
    private final ConversationTags tags;
    private final Members members;
    private final PointsLedger ledger;
    private final Tiers tiers;
    private final AuditTrail audit;
    private final Clock clock;

    Macros(JdbcClient jdbc, Conversations conversations, ConversationTags tags, Members members, PointsLedger ledger,
            Tiers tiers, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.conversations = conversations;
        this.tags = tags;
        this.members = members;
        this.ledger = ledger;
        this.tiers = tiers;
        this.audit = audit;
        this.clock = clock;
    }

    private static Map<String, String> placeholders() {
        var map = new LinkedHashMap<String, String>();
        map.put("member.firstName", "the member's first name");
        map.put("member.lastName", "the member's last name");
        map.put("member.name", "the member's full name");
        map.put("member.number", "the member number");
        map.put("points.available", "points the member can spend now");
        map.put("points.pending", "points not yet available");
        map.put("tier.name", "the member's tier");
        map.put("agent.name", "the agent sending the reply");
        map.put("conversation.id", "the conversation number");
        map.put("conversation.subject", "the conversation's subject");
        return Map.copyOf(map);
    }

    /** Creates a macro, or updates the one with {@code id}. */
    @Transactional
    public Macro save(Long id, String name, String body, Conversation.Status setStatus, List<String> addTags) {
        var problems = new ArrayList<FieldProblem>();
        var cleanName = name == null ? "" : name.strip();
        if (cleanName.isEmpty() || cleanName.length() > NAME_MAX) {
            problems.add(new FieldProblem("name", "is required, at most " + NAME_MAX + " characters"));
        }
        if (setStatus == Conversation.Status.MERGED) {
            problems.add(new FieldProblem("setStatus", "MERGED comes only from merging conversations"));
        }
        if (body == null || body.isBlank()) {
            problems.add(new FieldProblem("body", "is required"));
        } else if (body.length() > Conversations.BODY_MAX) {
            problems.add(new FieldProblem("body", "must have at most " + Conversations.BODY_MAX + " characters"));
        } else {
            var unknown = new TreeSet<String>();
            var matcher = PLACEHOLDER.matcher(body);
            while (matcher.find()) {
                if (!PLACEHOLDERS.containsKey(matcher.group(1))) {
                    unknown.add(matcher.group(0));
                }
            }
            if (!unknown.isEmpty()) {
                problems.add(new FieldProblem("body", "unknown placeholders " + String.join(", ", unknown)
                        + "; use " + String.join(", ", new TreeSet<>(PLACEHOLDERS.keySet()))));
            }
        }
        var cleanTags = new ArrayList<String>();
        for (var tag : addTags == null ? List.<String>of() : addTags) {
            if (tag == null || tag.isBlank()) {
                continue;
            }
            var clean = ConversationTags.normalise(tag);
            if (clean == null) {
                problems.add(new FieldProblem("tags", "'" + tag.strip() + "': " + ConversationTags.TAG_RULE));
            } else if (!cleanTags.contains(clean)) {
                cleanTags.add(clean);
            }
        }
        var clash = jdbc.sql("select id from support_macros where lower(name) = lower(:name)").param("name", cleanName)
                .query(Long.class).optional();
        if (clash.isPresent() && !clash.get().equals(id)) {
            problems.add(new FieldProblem("name", "another macro has this name"));
        }
        if (!problems.isEmpty()) {
            throw new CommandRefusedException.InvalidInput(problems);
        }
        var before = id == null ? null : get(id);
        var now = Timestamp.from(clock.instant());
        var status = setStatus == null ? null : setStatus.name();
        // tags never hold commas (see ConversationTags), so a joined string is an exact array
        var tagArray = String.join(",", cleanTags);
        long macroId = id == null
                ? jdbc.sql("""
                        insert into support_macros (name, body, set_status, add_tags, created_at, updated_at)
                        values (:name, :body, :status, string_to_array(:tags, ','), :now, :now) returning id
                        """).param("name", cleanName).param("body", body.strip()).param("status", status)
                        .param("tags", tagArray).param("now", now).query(Long.class).single()
                : id;
        if (id != null) {
            jdbc.sql("""
                    update support_macros set name = :name, body = :body, set_status = :status, add_tags = string_to_array(:tags, ','),
                           updated_at = :now where id = :id
                    """).param("name", cleanName).param("body", body.strip()).param("status", status)
                    .param("tags", tagArray).param("now", now).param("id", id).update();
        }
        var after = get(macroId);
        audit.record(id == null ? "support.macro-created" : "support.macro-changed", "macro", macroId, before, after,
                null);
        return after;
    }

    @Transactional
    public void delete(long id) {
        var before = get(id);
        jdbc.sql("delete from support_macros where id = :id").param("id", id).update();
        audit.record("support.macro-deleted", "macro", id, before, null, null);
    }

    @Transactional(readOnly = true)
    public Macro get(long id) {
        return find(id).orElseThrow(() -> new CommandRefusedException.NotFound("Macro", id));
    }

    @Transactional(readOnly = true)
    public Optional<Macro> find(long id) {
        return jdbc.sql("select * from support_macros where id = :id").param("id", id).query(Macros::macro).optional();
    }

    @Transactional(readOnly = true)
    public List<Macro> all() {
        return jdbc.sql("select * from support_macros order by lower(name)").query(Macros::macro).list();
    }

    /** The macro's text for this conversation, with its placeholders filled in for the agent asking. */
    @Transactional(readOnly = true)
    public String render(long macroId, long conversationId, Locale locale) {
        return render(get(macroId).body(), values(conversations.get(conversationId), locale));
    }

    /** Fills the placeholders in one pass; unknown ones stay as written, a value is never read as a template. */
    public static String render(String template, Map<String, String> values) {
        var matcher = PLACEHOLDER.matcher(template);
        var out = new StringBuilder();
        while (matcher.find()) {
            var value = values.get(matcher.group(1));
            matcher.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : matcher.group(0)));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /**
     * Sends {@code body} (the rendered macro, as the agent edited it) as a reply and does what the macro also does:
     * its status (else {@code statusAfter}) and its tags. One transaction: all of it or nothing.
     */
    @Transactional
    public Message replyWith(long macroId, long conversationId, String body, Conversation.Status statusAfter) {
        var macro = get(macroId);
        var message = conversations.reply(conversationId, body,
                macro.setStatus() != null ? macro.setStatus() : statusAfter);
        for (var tag : macro.addTags()) {
            tags.add(conversationId, tag);
        }
        audit.record("conversation.macro-used", "conversation", conversationId, null,
                Map.of("macroId", macro.id(), "macro", macro.name()), null);
        return message;
    }

    private Map<String, String> values(Conversation conversation, Locale locale) {
        var values = new LinkedHashMap<String, String>();
        var numbers = NumberFormat.getIntegerInstance(locale);
        values.put("agent.name", Actor.current().name());
        values.put("conversation.id", Long.toString(conversation.id()));
        values.put("conversation.subject", conversation.subject());
        if (conversation.memberId() != null) {
            var memberId = new MemberId(conversation.memberId());
            members.find(memberId).ifPresent(member -> {
                values.put("member.firstName", Optional.ofNullable(member.firstName()).orElse(""));
                values.put("member.lastName", Optional.ofNullable(member.lastName()).orElse(""));
                values.put("member.name", member.displayName());
                values.put("member.number", member.memberNumber());
            });
            var balance = ledger.balance(memberId.value());
            values.put("points.available", numbers.format(balance.available()));
            values.put("points.pending", numbers.format(balance.pending()));
            values.put("tier.name", tiers.heldTier(memberId).map(t -> t.name()).orElse(""));
        }
        return values;
    }

    private static Macro macro(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        var status = rs.getString("set_status");
        return new Macro(rs.getLong("id"), rs.getString("name"), rs.getString("body"),
                status == null ? null : Conversation.Status.valueOf(status),
                Arrays.asList((String[]) rs.getArray("add_tags").getArray()));
    }
}
