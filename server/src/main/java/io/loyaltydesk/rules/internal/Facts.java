package io.loyaltydesk.rules.internal;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.cel.common.values.NullValue;
import dev.cel.runtime.CelVariableResolver;
import io.loyaltydesk.rules.Basket;
import io.loyaltydesk.rules.MemberFacts;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One purchase and its member as one evaluation sees them. The CEL variables are built only when the first
 * rule with an expression asks for them, and then once for all rules: most rules need none. CEL reads them
 * through {@link #find}: the fact maps ({@code purchase}, {@code lines}, {@code member}, {@code now}) and each
 * of their fields under its qualified name ({@code purchase.total}, see {@link Expressions#FIELDS}), all as
 * values CEL uses as they are (immutable maps and lists, CEL's own null), so nothing is converted per rule. The
 * plain Java evaluation ({@link PlainJava}) reads single fields through {@link #value} without building the maps.
 */
final class Facts implements CelVariableResolver, PlainJava.Values {

    final Basket basket;
    final MemberFacts member;
    final LocalDateTime localTime;
    final int minuteOfDay;
    private Map<String, Object> variables;
    private List<Map<String, Object>> lineVariables;
    private LineFacts[] lineFacts;

    Facts(Basket basket, MemberFacts member, ZoneId zone) {
        this.basket = basket;
        this.member = member;
        this.localTime = LocalDateTime.ofInstant(basket.occurredAt(), zone);
        this.minuteOfDay = localTime.getHour() * 60 + localTime.getMinute();
    }

    @Override
    public Optional<Object> find(String name) {
        return Optional.ofNullable(variables().get(name));
    }

    /**
     * One fact by its qualified name ({@code purchase.total}), or a fact map or the lines by name; null when there
     * is no such fact. The one place each fact's value is made: the maps for CEL are built from it.
     */
    @Override
    public Object value(String name) {
        return switch (name) {
            case "purchase.externalId" -> orNull(basket.externalId());
            case "purchase.storeCode" -> orNull(basket.storeCode());
            case "purchase.channel" -> orNull(basket.channel());
            case "purchase.currency" -> orNull(basket.currency());
            case "purchase.total" -> basket.total().doubleValue();
            case "purchase.lineCount" -> (long) basket.lines().size();
            case "member.id" -> member.memberId();
            case "member.tier" -> orNull(member.tier());
            case "member.purchasesBefore" -> member.purchasesBefore();
            case "member.birthMonth" -> member.birthDate() == null ? NullValue.NULL_VALUE
                    : (Object) (long) member.birthDate().getMonthValue();
            case "member.birthDay" -> member.birthDate() == null ? NullValue.NULL_VALUE
                    : (Object) (long) member.birthDate().getDayOfMonth();
            case "member.enrolledDays" -> member.enrolledOn() == null ? 0L
                    : ChronoUnit.DAYS.between(member.enrolledOn(), localTime.toLocalDate());
            case "now.dayOfWeek" -> (long) localTime.getDayOfWeek().getValue();
            case "now.hour" -> (long) localTime.getHour();
            case "now.minute" -> (long) localTime.getMinute();
            case "now.day" -> (long) localTime.getDayOfMonth();
            case "now.month" -> (long) localTime.getMonthValue();
            case "now.year" -> (long) localTime.getYear();
            case "lines" -> lines();
            default -> variables().get(name);
        };
    }

    /** The facts with {@code line} (and its fields) being line {@code index} of the basket: for line filters. */
    CelVariableResolver line(int index) {
        return lineFacts(index);
    }

    private LineFacts lineFacts(int index) {
        if (lineFacts == null) {
            lineFacts = new LineFacts[basket.lines().size()];
        }
        var facts = lineFacts[index];
        if (facts == null) {
            facts = new LineFacts(basket.lines().get(index), index);
            lineFacts[index] = facts;
        }
        return facts;
    }

    /** A line's facts ({@code line}, {@code line.amount}) in front of the purchase's. */
    private final class LineFacts implements CelVariableResolver, PlainJava.Values {

        private final Basket.Line line;
        private final int index;

        LineFacts(Basket.Line line, int index) {
            this.line = line;
            this.index = index;
        }

        @Override
        public Optional<Object> find(String name) {
            return Optional.ofNullable(value(name));
        }

        @Override
        public Object value(String name) {
            return switch (name) {
                case "line" -> lines().get(index);
                case "line.sku" -> orNull(line.sku());
                case "line.category" -> orNull(line.category());
                case "line.quantity" -> line.quantity() == null ? 0.0 : line.quantity().doubleValue();
                case "line.unitPrice" -> line.unitPrice() == null ? 0.0 : line.unitPrice().doubleValue();
                case "line.amount" -> line.amount() == null ? 0.0 : line.amount().doubleValue();
                default -> Facts.this.value(name);
            };
        }
    }

    /** The fact maps by name, and each of their fields by its qualified name. */
    Map<String, Object> variables() {
        if (variables == null) {
            var all = new HashMap<String, Object>(64);
            for (var facts : List.of("purchase", "member", "now")) {
                var map = new HashMap<String, Object>(12);
                for (var field : Expressions.FIELDS.get(facts)) {
                    var qualified = facts + "." + field;
                    var value = value(qualified);
                    map.put(field, value);
                    all.put(qualified, value);
                }
                // CEL adapts every map it reads to an immutable one; giving it immutable maps makes that a no-op
                all.put(facts, ImmutableMap.copyOf(map));
            }
            all.put("lines", lines());
            variables = all;
        }
        return variables;
    }

    List<Map<String, Object>> lines() {
        if (lineVariables == null) {
            var lines = ImmutableList.<Map<String, Object>>builderWithExpectedSize(basket.lines().size());
            for (int i = 0; i < basket.lines().size(); i++) {
                var line = lineFacts(i);
                var l = new HashMap<String, Object>(8);
                for (var field : Expressions.FIELDS.get("line")) {
                    l.put(field, line.value("line." + field));
                }
                lines.add(ImmutableMap.copyOf(l));
            }
            lineVariables = lines.build();
        }
        return lineVariables;
    }

    /** CEL has a null of its own; a Java null in a map would read as "unknown". */
    private static Object orNull(Object value) {
        return value == null ? NullValue.NULL_VALUE : value;
    }
}
