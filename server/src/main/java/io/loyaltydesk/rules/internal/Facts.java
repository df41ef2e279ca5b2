package io.loyaltydesk.rules.internal;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.cel.common.values.NullValue;
import dev.cel.runtime.CelVariableResolver;
import io.loyaltydesk.rules.Basket;
import io.loyaltydesk.rules.MemberFacts;
import java.math.BigDecimal;
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
 * plain Java evaluation ({@link PlainJava}) reads single fields through {@link #value} without building the maps,
 * and the lines as objects whose fields it reads by name ({@link PlainJava.Fields}). The awards read the amounts
 * in minor units, converted once per purchase.
 */
final class Facts implements CelVariableResolver, PlainJava.Values {

    /** The minor units of an amount that is missing, has more than two decimals or is too large for them. */
    static final long NOT_IN_MINOR_UNITS = Long.MIN_VALUE;
    /** Amounts in minor units are below this (16 digits and two decimals), so a sum of two never overflows. */
    static final long MINOR_UNITS_MAX = 1_000_000_000_000_000_000L;

    final Basket basket;
    final MemberFacts member;
    final LocalDateTime localTime;
    final int minuteOfDay;
    /** When the purchase happened: read by every rule with a window. */
    final long epochMilli;
    /** The purchase's total in minor units (cents), or {@link #NOT_IN_MINOR_UNITS}. */
    final long totalMinorUnits;
    private Map<String, Object> variables;
    private List<Map<String, Object>> lineVariables;
    private LineFacts[] lineFacts;
    private List<LineFacts> plainLines;
    private long[] lineMinorUnits;
    // read by many rules of a purchase: made once, not converted and boxed for each
    private Double total;
    private Long enrolledDays;
    private PlainJava.Scope scope;

    Facts(Basket basket, MemberFacts member, ZoneId zone) {
        this(basket, member, LocalDateTime.ofInstant(basket.occurredAt(), zone));
    }

    /** @param localTime when the purchase happened in the program's zone */
    Facts(Basket basket, MemberFacts member, LocalDateTime localTime) {
        this.basket = basket;
        this.member = member;
        this.localTime = localTime;
        this.minuteOfDay = localTime.getHour() * 60 + localTime.getMinute();
        this.epochMilli = basket.occurredAt().toEpochMilli();
        this.totalMinorUnits = minorUnits(basket.total());
    }

    /** The amount of line {@code index} in minor units, or {@link #NOT_IN_MINOR_UNITS}. */
    long lineMinorUnits(int index) {
        if (lineMinorUnits == null) {
            var lines = basket.lines();
            lineMinorUnits = new long[lines.size()];
            for (int i = 0; i < lineMinorUnits.length; i++) {
                lineMinorUnits[i] = minorUnits(lines.get(i).amount());
            }
        }
        return lineMinorUnits[index];
    }

    /**
     * An amount with at most two decimals in minor units; at most 16 digits, so that sums of many of them still fit
     * in a long.
     */
    static long minorUnits(BigDecimal amount) {
        if (amount == null || amount.scale() < 0 || amount.scale() > 2 || amount.precision() > 16) {
            return NOT_IN_MINOR_UNITS;
        }
        long unscaled = amount.unscaledValue().longValue();
        return amount.scale() == 2 ? unscaled : amount.scale() == 1 ? unscaled * 10 : unscaled * 100;
    }

    @Override
    public Optional<Object> find(String name) {
        return Optional.ofNullable(variables().get(name));
    }

    @Override
    public PlainJava.Scope scope() {
        if (scope == null) {
            scope = new PlainJava.Scope(this);
        }
        return scope;
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
            case "purchase.total" -> total();
            case "purchase.lineCount" -> (long) basket.lines().size();
            case "member.id" -> member.memberId();
            case "member.tier" -> orNull(member.tier());
            case "member.purchasesBefore" -> member.purchasesBefore();
            case "member.birthMonth" -> member.birthDate() == null ? NullValue.NULL_VALUE
                    : (Object) (long) member.birthDate().getMonthValue();
            case "member.birthDay" -> member.birthDate() == null ? NullValue.NULL_VALUE
                    : (Object) (long) member.birthDate().getDayOfMonth();
            case "member.enrolledDays" -> enrolledDays();
            case "now.dayOfWeek" -> (long) localTime.getDayOfWeek().getValue();
            case "now.hour" -> (long) localTime.getHour();
            case "now.minute" -> (long) localTime.getMinute();
            case "now.day" -> (long) localTime.getDayOfMonth();
            case "now.month" -> (long) localTime.getMonthValue();
            case "now.year" -> (long) localTime.getYear();
            case "lines" -> plainLines();
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

    /**
     * The lines for the plain Java evaluation: their fields are read one by one ({@link LineFacts#field}), without the
     * maps CEL needs.
     */
    private List<LineFacts> plainLines() {
        if (plainLines == null) {
            var lines = new LineFacts[basket.lines().size()];
            for (int i = 0; i < lines.length; i++) {
                lines[i] = lineFacts(i);
            }
            plainLines = List.of(lines);
        }
        return plainLines;
    }

    /**
     * A line's facts ({@code line}, {@code line.amount}) in front of the purchase's. CEL finds {@code line} and
     * {@code lines} as maps; the plain Java evaluation gets this object and the list of them instead.
     */
    private final class LineFacts implements CelVariableResolver, PlainJava.Values, PlainJava.Fields {

        private final int index;
        // the line's fields as CEL reads them, made once: line filters and macros read them for every rule
        private final Object sku;
        private final Object category;
        private final Double quantity;
        private final Double unitPrice;
        private final Double amount;
        private PlainJava.Scope scope;

        LineFacts(Basket.Line line, int index) {
            this.index = index;
            this.sku = orNull(line.sku());
            this.category = orNull(line.category());
            this.quantity = line.quantity() == null ? 0.0 : line.quantity().doubleValue();
            this.unitPrice = line.unitPrice() == null ? 0.0 : line.unitPrice().doubleValue();
            this.amount = line.amount() == null ? 0.0 : line.amount().doubleValue();
        }

        @Override
        public Optional<Object> find(String name) {
            return switch (name) {
                case "line" -> Optional.of(lines().get(index));
                case "lines" -> Optional.of(lines());
                default -> Optional.ofNullable(value(name));
            };
        }

        @Override
        public PlainJava.Scope scope() {
            if (scope == null) {
                scope = new PlainJava.Scope(this);
            }
            return scope;
        }

        @Override
        public Object value(String name) {
            return switch (name) {
                case "line" -> this;
                case "line.sku" -> field("sku");
                case "line.category" -> field("category");
                case "line.quantity" -> field("quantity");
                case "line.unitPrice" -> field("unitPrice");
                case "line.amount" -> field("amount");
                default -> Facts.this.value(name);
            };
        }

        /** One field of the line by its name in the {@code line} map; the maps for CEL are built from it. */
        @Override
        public Object field(String name) {
            return switch (name) {
                case "sku" -> sku;
                case "category" -> category;
                case "quantity" -> quantity;
                case "unitPrice" -> unitPrice;
                case "amount" -> amount;
                default -> null;
            };
        }
    }

    private Double total() {
        if (total == null) {
            total = basket.total().doubleValue();
        }
        return total;
    }

    private Long enrolledDays() {
        if (enrolledDays == null) {
            enrolledDays = member.enrolledOn() == null ? 0L
                    : ChronoUnit.DAYS.between(member.enrolledOn(), localTime.toLocalDate());
        }
        return enrolledDays;
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
                    l.put(field, line.field(field));
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
