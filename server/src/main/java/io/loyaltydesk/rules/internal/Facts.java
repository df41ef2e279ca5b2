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
 * values CEL uses as they are (immutable maps and lists, CEL's own null), so nothing is converted per rule.
 */
final class Facts implements CelVariableResolver {

    final Basket basket;
    final MemberFacts member;
    final LocalDateTime localTime;
    final int minuteOfDay;
    private Map<String, Object> variables;
    private List<Map<String, Object>> lineVariables;
    private CelVariableResolver[] lineResolvers;

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

    /** The facts with {@code line} (and its fields) being line {@code index} of the basket: for line filters. */
    CelVariableResolver line(int index) {
        if (lineResolvers == null) {
            lines();
            lineResolvers = new CelVariableResolver[basket.lines().size()];
        }
        var resolver = lineResolvers[index];
        if (resolver == null) {
            var line = lineVariables.get(index);
            var qualified = new HashMap<String, Object>(8);
            qualified.put("line", line);
            line.forEach((field, value) -> qualified.put("line." + field, value));
            resolver = name -> {
                var value = qualified.get(name);
                return value != null ? Optional.of(value) : find(name);
            };
            lineResolvers[index] = resolver;
        }
        return resolver;
    }

    /** The fact maps by name, and each of their fields by its qualified name. */
    Map<String, Object> variables() {
        if (variables == null) {
            var purchase = new HashMap<String, Object>(12);
            purchase.put("externalId", orNull(basket.externalId()));
            purchase.put("storeCode", orNull(basket.storeCode()));
            purchase.put("channel", orNull(basket.channel()));
            purchase.put("currency", orNull(basket.currency()));
            purchase.put("total", basket.total().doubleValue());
            purchase.put("lineCount", (long) basket.lines().size());

            var m = new HashMap<String, Object>(12);
            m.put("id", member.memberId());
            m.put("tier", orNull(member.tier()));
            m.put("purchasesBefore", member.purchasesBefore());
            m.put("birthMonth", member.birthDate() == null ? (Object) NullValue.NULL_VALUE
                    : (long) member.birthDate().getMonthValue());
            m.put("birthDay", member.birthDate() == null ? (Object) NullValue.NULL_VALUE
                    : (long) member.birthDate().getDayOfMonth());
            m.put("enrolledDays", member.enrolledOn() == null ? 0L
                    : ChronoUnit.DAYS.between(member.enrolledOn(), localTime.toLocalDate()));

            var now = new HashMap<String, Object>(8);
            now.put("dayOfWeek", (long) localTime.getDayOfWeek().getValue());
            now.put("hour", (long) localTime.getHour());
            now.put("minute", (long) localTime.getMinute());
            now.put("day", (long) localTime.getDayOfMonth());
            now.put("month", (long) localTime.getMonthValue());
            now.put("year", (long) localTime.getYear());

            var all = new HashMap<String, Object>(64);
            qualify("purchase", purchase, all);
            qualify("member", m, all);
            qualify("now", now, all);
            all.put("lines", lines());
            variables = all;
        }
        return variables;
    }

    private static void qualify(String name, Map<String, Object> facts, Map<String, Object> into) {
        // CEL adapts every map it reads to an immutable one; giving it immutable maps makes that a no-op
        into.put(name, ImmutableMap.copyOf(facts));
        facts.forEach((field, value) -> into.put(name + "." + field, value));
    }

    List<Map<String, Object>> lines() {
        if (lineVariables == null) {
            var lines = ImmutableList.<Map<String, Object>>builderWithExpectedSize(basket.lines().size());
            for (Basket.Line line : basket.lines()) {
                var l = new HashMap<String, Object>(8);
                l.put("sku", orNull(line.sku()));
                l.put("category", orNull(line.category()));
                l.put("quantity", line.quantity() == null ? 0.0 : line.quantity().doubleValue());
                l.put("unitPrice", line.unitPrice() == null ? 0.0 : line.unitPrice().doubleValue());
                l.put("amount", line.amount() == null ? 0.0 : line.amount().doubleValue());
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
