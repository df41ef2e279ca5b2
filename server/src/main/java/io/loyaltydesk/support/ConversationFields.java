package io.loyaltydesk.support;

import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.platform.FieldProblem;
import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.staff.AuditTrail;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Custom fields on conversations: their definitions (made and changed by supervisors in the console) and each
 * conversation's values. Values are checked against the field's type and stored canonically, so that filtering is one
 * equality; setting them is one command under the conversation's row lock that leaves a system line, is audited and
 * publishes {@link ConversationChanged}. A field required on solve keeps a conversation from being solved or closed
 * until it has a value (a CHECKBOX until it is checked); see ADR 0017.
 */
@Service
public class ConversationFields {

    public static final int LABEL_MAX = 100;
    public static final int TEXT_MAX = 500;
    public static final int OPTIONS_MAX = 50;
    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]{0,39}");
    private static final BigDecimal NUMBER_LIMIT = new BigDecimal("1000000000000000");
    private static final int NUMBER_SCALE_MAX = 6;
    private static final int SHOWN_IN_LINE_MAX = 80;

    /** What a supervisor gives for a field; {@code position} null puts a new field last. */
    public record Definition(String key, String label, String labelDe, ConversationField.Type type,
            List<String> options, boolean requiredOnSolve, boolean active, Integer position) {
    }

    /** A filter on one field: conversations whose value of {@code fieldId} is {@code value} (canonical). */
    public record Filter(long fieldId, String value) {
    }

    private final JdbcClient jdbc;
    private final Conversations conversations;
    private final AuditTrail audit;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    ConversationFields(JdbcClient jdbc, Conversations conversations, AuditTrail audit, Clock clock,
            ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.conversations = conversations;
        this.audit = audit;
        this.clock = clock;
        this.events = events;
    }

    // ---- definitions

    /** Creates a field, or changes the one with {@code id}. Every bad input is reported at once; nothing is saved. */
    @Transactional
    public ConversationField save(Long id, Definition definition) {
        var before = id == null ? null : get(id);
        var problems = new ArrayList<FieldProblem>();
        var key = strip(definition.key());
        if (before != null) {
            if (key != null && !key.equals(before.key())) {
                problems.add(new FieldProblem("key", "cannot change once the field is made (the API uses it)"));
            }
            key = before.key();
        } else if (key == null || !KEY.matcher(key).matches()) {
            problems.add(new FieldProblem("key",
                    "is required: 1 to 40 lower-case letters, digits or '_', starting with a letter"));
        } else if (findByKey(key).isPresent()) {
            problems.add(new FieldProblem("key", "another field has this key"));
        }
        var label = strip(definition.label());
        if (label == null || label.length() > LABEL_MAX) {
            problems.add(new FieldProblem("label", "is required, at most " + LABEL_MAX + " characters"));
        }
        var labelDe = strip(definition.labelDe());
        if (labelDe != null && labelDe.length() > LABEL_MAX) {
            problems.add(new FieldProblem("labelDe", "must have at most " + LABEL_MAX + " characters"));
        }
        var type = definition.type();
        if (type == null) {
            problems.add(new FieldProblem("type", "is required: TEXT, NUMBER, DROPDOWN, CHECKBOX or DATE"));
        }
        long valuesGiven = before == null ? 0 : jdbc.sql(
                "select count(*) from conversation_field_values where field_id = :id").param("id", before.id())
                .query(Long.class).single();
        if (before != null && type != null && type != before.type() && valuesGiven > 0) {
            problems.add(new FieldProblem("type", "cannot change: " + valuesGiven
                    + " conversations have a value; make a new field instead"));
        }
        var options = new LinkedHashSet<String>();
        if (type == ConversationField.Type.DROPDOWN) {
            for (var option : definition.options() == null ? List.<String>of() : definition.options()) {
                // options are kept joined by line breaks (see the SQL below), so none may hold one
                var clean = strip(option == null ? null : option.replaceAll("\\p{Cntrl}", " "));
                if (clean == null) {
                    continue;
                }
                if (clean.length() > LABEL_MAX) {
                    problems.add(new FieldProblem("options", "'" + clean + "' is longer than " + LABEL_MAX
                            + " characters"));
                }
                options.add(clean);
            }
            if (options.isEmpty() || options.size() > OPTIONS_MAX) {
                problems.add(new FieldProblem("options", "a dropdown needs 1 to " + OPTIONS_MAX + " options"));
            }
            if (before != null && before.type() == ConversationField.Type.DROPDOWN) {
                for (var removed : before.options()) {
                    if (options.contains(removed)) {
                        continue;
                    }
                    long using = jdbc.sql("""
                            select count(*) from conversation_field_values where field_id = :id and value = :value
                            """).param("id", before.id()).param("value", removed).query(Long.class).single();
                    if (using > 0) {
                        problems.add(new FieldProblem("options", "'" + removed + "' is the value of " + using
                                + " conversations; keep it or make the field inactive"));
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new CommandRefusedException.InvalidInput(problems);
        }
        var now = Timestamp.from(clock.instant());
        int position = definition.position() != null ? definition.position()
                : before != null ? before.position()
                : jdbc.sql("select coalesce(max(position), 0) + 10 from support_conversation_fields")
                        .query(Integer.class).single();
        long fieldId;
        if (before == null) {
            fieldId = jdbc.sql("""
                    insert into support_conversation_fields (field_key, label, label_de, type, options,
                                                             required_on_solve, active, position, created_at, updated_at)
                    values (:key, :label, :labelDe, :type, string_to_array(:options, E'\\n'), :required, :active,
                            :position, :now, :now)
                    returning id
                    """).param("key", key).param("label", label).param("labelDe", labelDe)
                    .param("type", type.name()).param("options", String.join("\n", options))
                    .param("required", definition.requiredOnSolve()).param("active", definition.active())
                    .param("position", position).param("now", now).query(Long.class).single();
        } else {
            fieldId = before.id();
            jdbc.sql("""
                    update support_conversation_fields
                       set label = :label, label_de = :labelDe, type = :type,
                           options = string_to_array(:options, E'\\n'),
                           required_on_solve = :required, active = :active, position = :position, updated_at = :now
                     where id = :id
                    """).param("label", label).param("labelDe", labelDe).param("type", type.name())
                    .param("options", String.join("\n", options)).param("required", definition.requiredOnSolve())
                    .param("active", definition.active()).param("position", position).param("now", now)
                    .param("id", fieldId).update();
        }
        var after = get(fieldId);
        audit.record(before == null ? "support.field-created" : "support.field-changed", "conversation-field",
                fieldId, before, after, null);
        return after;
    }

    @Transactional(readOnly = true)
    public ConversationField get(long id) {
        return jdbc.sql("select * from support_conversation_fields where id = :id").param("id", id)
                .query(ConversationFields::field).optional()
                .orElseThrow(() -> new CommandRefusedException.NotFound("Conversation field", id));
    }

    @Transactional(readOnly = true)
    public Optional<ConversationField> findByKey(String key) {
        return jdbc.sql("select * from support_conversation_fields where field_key = :key").param("key", key)
                .query(ConversationFields::field).optional();
    }

    /** Every field, active or not, in the order the desk shows them. */
    @Transactional(readOnly = true)
    public List<ConversationField> all() {
        return jdbc.sql("select * from support_conversation_fields order by position, id")
                .query(ConversationFields::field).list();
    }

    /** The fields agents see and fill in. */
    @Transactional(readOnly = true)
    public List<ConversationField> active() {
        return all().stream().filter(ConversationField::active).toList();
    }

    // ---- values

    /**
     * The conversation's values of the active fields, by key in the fields' order: TEXT, DROPDOWN and DATE
     * (yyyy-mm-dd) as text, NUMBER as a number, CHECKBOX as true/false. Fields without a value are left out.
     */
    @Transactional(readOnly = true)
    public Map<String, Object> values(long conversationId) {
        var stored = stored(conversationId);
        var values = new LinkedHashMap<String, Object>();
        for (var field : active()) {
            var value = stored.get(field.id());
            if (value != null) {
                values.put(field.key(), typed(field, value));
            }
        }
        return values;
    }

    /** The stored (canonical) values of a conversation by field id, active fields or not. */
    @Transactional(readOnly = true)
    public Map<Long, String> stored(long conversationId) {
        var stored = new HashMap<Long, String>();
        jdbc.sql("select field_id, value from conversation_field_values where conversation_id = :id")
                .param("id", conversationId)
                .query((ResultSet rs) -> {
                    stored.put(rs.getLong("field_id"), rs.getString("value"));
                });
        return stored;
    }

    /**
     * Sets fields of a conversation by key; null or blank clears one. Every bad key or value is reported at once
     * ({@code fields.<key>}) and nothing changes. Values equal to the stored ones change nothing; the rest leave
     * one system line naming each change, an audit entry and a {@link ConversationChanged}.
     *
     * @return the conversation's values afterwards, as {@link #values(long)}
     */
    @Transactional
    public Map<String, Object> set(long conversationId, Map<String, ?> given) {
        var before = conversations.lockForChange(conversationId);
        if (given == null || given.isEmpty()) {
            return values(conversationId);
        }
        var byKey = new HashMap<String, ConversationField>();
        all().forEach(f -> byKey.put(f.key(), f));
        var problems = new ArrayList<FieldProblem>();
        var wanted = new LinkedHashMap<ConversationField, String>();
        for (var entry : given.entrySet()) {
            var field = byKey.get(entry.getKey());
            if (field == null) {
                problems.add(new FieldProblem("fields." + entry.getKey(), "is not a conversation field"));
            } else if (!field.active()) {
                problems.add(new FieldProblem("fields." + entry.getKey(), "is not active"));
            } else {
                try {
                    wanted.put(field, canonical(field, entry.getValue()));
                } catch (IllegalArgumentException e) {
                    problems.add(new FieldProblem("fields." + field.key(), e.getMessage()));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new CommandRefusedException.InvalidInput(problems);
        }
        var stored = stored(conversationId);
        var beforeValues = values(conversationId);
        var now = Timestamp.from(clock.instant());
        var changes = new ArrayList<String>();
        wanted.entrySet().stream().sorted((a, b) -> a.getKey().position() != b.getKey().position()
                        ? Integer.compare(a.getKey().position(), b.getKey().position())
                        : Long.compare(a.getKey().id(), b.getKey().id()))
                .forEach(entry -> {
                    var field = entry.getKey();
                    var value = entry.getValue();
                    var old = stored.get(field.id());
                    if (Objects.equals(old, value)) {
                        return;
                    }
                    if (value == null) {
                        jdbc.sql("delete from conversation_field_values where conversation_id = :c and field_id = :f")
                                .param("c", conversationId).param("f", field.id()).update();
                        changes.add(field.label() + " cleared");
                    } else {
                        jdbc.sql("""
                                insert into conversation_field_values (conversation_id, field_id, value, created_at,
                                                                       updated_at)
                                values (:c, :f, :value, :now, :now)
                                on conflict (conversation_id, field_id) do update set value = :value, updated_at = :now
                                """).param("c", conversationId).param("f", field.id()).param("value", value)
                                .param("now", now).update();
                        changes.add(field.label() + ": " + shown(field, value));
                    }
                });
        if (changes.isEmpty()) {
            return beforeValues;
        }
        conversations.addSystemLine(conversationId, Actor.current().name() + " changed the fields: "
                + String.join("; ", changes));
        var afterValues = values(conversationId);
        audit.record("conversation.fields-changed", "conversation", conversationId, beforeValues, afterValues, null);
        events.publishEvent(new ConversationChanged(before, conversations.get(conversationId)));
        return afterValues;
    }

    /** The active fields required on solve that the conversation has no value for (a CHECKBOX: not checked). */
    @Transactional(readOnly = true)
    public List<ConversationField> missingForSolve(long conversationId) {
        return jdbc.sql("""
                select f.* from support_conversation_fields f
                 where f.active and f.required_on_solve
                   and not exists (select 1 from conversation_field_values v
                                    where v.conversation_id = :id and v.field_id = f.id
                                      and (f.type <> 'CHECKBOX' or v.value = 'true'))
                 order by f.position, f.id
                """).param("id", conversationId).query(ConversationFields::field).list();
    }

    /** A filter on a field's value as a client typed it; {@code field.<key>} names a bad one. */
    @Transactional(readOnly = true)
    public Filter filter(String key, String value) {
        var field = findByKey(key).filter(ConversationField::active).orElseThrow(
                () -> new CommandRefusedException.InvalidInput("field." + key, "is not an active conversation field"));
        try {
            var canonical = canonical(field, value);
            if (canonical == null) {
                throw new IllegalArgumentException("give a value to filter by");
            }
            return new Filter(field.id(), canonical);
        } catch (IllegalArgumentException e) {
            throw new CommandRefusedException.InvalidInput("field." + key, e.getMessage());
        }
    }

    /** Erases what the TEXT fields of a member's conversations say (free text may name the member). */
    @Transactional
    public int eraseTexts(long memberId) {
        return jdbc.sql("""
                delete from conversation_field_values v
                 using support_conversation_fields f, conversations c
                 where v.field_id = f.id and f.type = 'TEXT' and v.conversation_id = c.id and c.member_id = :member
                """).param("member", memberId).update();
    }

    // ---- values by type

    /**
     * The stored form of a value for the field, or null to clear it.
     *
     * @throws IllegalArgumentException with a sentence for the person who typed it
     */
    static String canonical(ConversationField field, Object raw) {
        if (raw == null || raw instanceof String text && text.isBlank()) {
            return null;
        }
        return switch (field.type()) {
            case TEXT -> {
                if (!(raw instanceof String || raw instanceof Number || raw instanceof Boolean)) {
                    throw new IllegalArgumentException("must be text");
                }
                var text = raw.toString().strip();
                if (text.length() > TEXT_MAX) {
                    throw new IllegalArgumentException("must have at most " + TEXT_MAX + " characters");
                }
                yield text;
            }
            case NUMBER -> {
                BigDecimal number;
                try {
                    var text = raw.toString().strip();
                    if (raw instanceof String && text.indexOf('.') < 0 && text.chars().filter(c -> c == ',').count() == 1) {
                        text = text.replace(',', '.');
                    }
                    if (!(raw instanceof Number || raw instanceof String) || !text.matches("[+-]?[0-9]*\\.?[0-9]+")) {
                        throw new NumberFormatException();
                    }
                    number = new BigDecimal(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("must be a number, such as 12 or 12.5");
                }
                if (number.abs().compareTo(NUMBER_LIMIT) >= 0) {
                    throw new IllegalArgumentException("must be smaller than 10^15");
                }
                var clean = number.stripTrailingZeros();
                if (clean.scale() > NUMBER_SCALE_MAX) {
                    throw new IllegalArgumentException("must have at most " + NUMBER_SCALE_MAX + " decimals");
                }
                yield clean.scale() < 0 ? clean.setScale(0).toPlainString() : clean.toPlainString();
            }
            case DROPDOWN -> {
                var text = raw.toString().strip();
                yield field.options().stream().filter(o -> o.equalsIgnoreCase(text)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("must be one of: "
                                + String.join(", ", field.options())));
            }
            case CHECKBOX -> {
                if (raw instanceof Boolean checked) {
                    yield checked.toString();
                }
                var text = raw.toString().strip().toLowerCase(Locale.ROOT);
                yield switch (text) {
                    case "true", "on" -> "true";
                    case "false", "off" -> "false";
                    default -> throw new IllegalArgumentException("must be true or false");
                };
            }
            case DATE -> {
                try {
                    if (!(raw instanceof String text)) {
                        throw new DateTimeParseException("not text", raw.toString(), 0);
                    }
                    yield LocalDate.parse(text.strip()).toString();
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("must be a date as yyyy-mm-dd, such as 2026-11-23");
                }
            }
        };
    }

    /** A stored value as the API gives it. */
    static Object typed(ConversationField field, String value) {
        return switch (field.type()) {
            case NUMBER -> new BigDecimal(value);
            case CHECKBOX -> Boolean.valueOf(value);
            default -> value;
        };
    }

    private static String shown(ConversationField field, String value) {
        if (field.type() == ConversationField.Type.CHECKBOX) {
            return "true".equals(value) ? "yes" : "no";
        }
        return value.length() > SHOWN_IN_LINE_MAX ? value.substring(0, SHOWN_IN_LINE_MAX) + "…" : value;
    }

    private static String strip(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static ConversationField field(ResultSet rs, int row) throws SQLException {
        return new ConversationField(rs.getLong("id"), rs.getString("field_key"), rs.getString("label"),
                rs.getString("label_de"), ConversationField.Type.valueOf(rs.getString("type")),
                Arrays.asList((String[]) rs.getArray("options").getArray()), rs.getBoolean("required_on_solve"),
                rs.getBoolean("active"), rs.getInt("position"));
    }
}
