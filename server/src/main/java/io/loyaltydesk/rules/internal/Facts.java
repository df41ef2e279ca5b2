package io.loyaltydesk.rules.internal;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.protobuf.NullValue;
import io.loyaltydesk.rules.Basket;
import io.loyaltydesk.rules.MemberFacts;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One purchase and its member as one evaluation sees them. The CEL variables are built only when the first
 * rule with an expression asks for them, and then once for all rules: most rules need none.
 */
final class Facts {

    final Basket basket;
    final MemberFacts member;
    final LocalDateTime localTime;
    final int minuteOfDay;
    private Map<String, Object> variables;
    private List<Map<String, Object>> lineVariables;

    Facts(Basket basket, MemberFacts member, ZoneId zone) {
        this.basket = basket;
        this.member = member;
        this.localTime = LocalDateTime.ofInstant(basket.occurredAt(), zone);
        this.minuteOfDay = localTime.getHour() * 60 + localTime.getMinute();
    }

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

            // CEL adapts every map it reads to an immutable one; giving it immutable maps makes that a no-op
            variables = ImmutableMap.of("purchase", ImmutableMap.copyOf(purchase), "lines", lines(),
                    "member", ImmutableMap.copyOf(m), "now", ImmutableMap.copyOf(now));
        }
        return variables;
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
