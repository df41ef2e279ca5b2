package io.loyaltydesk.rules.internal;

import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.platform.FieldProblem;
import io.loyaltydesk.rules.RuleDefinition;
import io.loyaltydesk.rules.RuleDefinition.Caps;
import io.loyaltydesk.rules.RuleDefinition.Effect;
import io.loyaltydesk.rules.RuleDefinition.EffectType;
import io.loyaltydesk.rules.RuleDefinition.Hours;
import io.loyaltydesk.rules.RuleDefinition.Rounding;
import io.loyaltydesk.rules.RuleDefinition.RuleKind;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The rule editor as the browser posts it: all text, so that every unreadable field can be reported beside
 * the field instead of failing the whole request. Field names in problems match the API's.
 */
record RuleForm(String name, String description, String kind, String condition, String effectType,
        String pointsPer, String perAmount, String rounding, String categories, String lineFilter, String factor,
        String points, String visitNumber, String validFrom, String validTo, List<String> days, String hoursFrom,
        String hoursTo, String storeCodes, String priority, Boolean stackable, String capPerPurchase,
        String capPerDay, String capPerMonth, String capLifetime, String reason) {

    static RuleForm empty() {
        return new RuleForm(null, null, "CUSTOM", null, "FIXED", "1", "1.00", "FLOOR", null, null, "2", null, null,
                null, null, List.of(), null, null, null, "0", true, null, null, null, null, null);
    }

    static RuleForm of(RuleDefinition d, ZoneId zone) {
        var e = d.effect();
        return new RuleForm(d.name(), d.description(), d.kind().name(), d.condition(), e.type().name(),
                text(e.pointsPer()), text(e.perAmount()), e.rounding() == null ? "FLOOR" : e.rounding().name(),
                String.join(", ", e.categories()), e.lineFilter(), text(e.factor()), text(e.points()),
                text(d.visitNumber()), local(d.validFrom(), zone), local(d.validTo(), zone),
                d.daysOfWeek().stream().sorted().map(DayOfWeek::name).toList(),
                d.hours() == null ? null : d.hours().from().toString(),
                d.hours() == null ? null : d.hours().to().toString(), String.join(", ", d.storeCodes()),
                Integer.toString(d.priority()), d.stackable(), text(d.caps().perPurchase()),
                text(d.caps().perMemberPerDay()), text(d.caps().perMemberPerMonth()),
                text(d.caps().perMemberLifetime()), null);
    }

    public boolean hasDay(String day) {
        return days != null && days.contains(day);
    }

    /** @throws CommandRefusedException.InvalidInput listing every field that could not be read */
    RuleDefinition toDefinition(ZoneId zone) {
        var problems = new ArrayList<FieldProblem>();
        var kindValue = parse("kind", kind, RuleKind::valueOf, problems);
        var type = parse("effect.type", effectType, EffectType::valueOf, problems);
        var roundingValue = parse("effect.rounding", rounding, Rounding::valueOf, problems);
        var effect = new Effect(type, parse("effect.pointsPer", pointsPer, BigDecimal::new, problems),
                parse("effect.perAmount", perAmount, BigDecimal::new, problems), roundingValue, list(categories),
                blankToNull(lineFilter), parse("effect.factor", factor, BigDecimal::new, problems),
                parse("effect.points", points, Long::valueOf, problems));
        Set<DayOfWeek> dayValues = EnumSet.noneOf(DayOfWeek.class);
        for (String day : days == null ? List.<String>of() : days) {
            var value = parse("daysOfWeek", day, DayOfWeek::valueOf, problems);
            if (value != null) {
                dayValues.add(value);
            }
        }
        var from = parse("hours", hoursFrom, LocalTime::parse, problems);
        var to = parse("hours", hoursTo, LocalTime::parse, problems);
        var definition = new RuleDefinition(blankToNull(name), blankToNull(description), kindValue,
                blankToNull(condition), effect, parse("visitNumber", visitNumber, Integer::valueOf, problems),
                parse("validFrom", validFrom, t -> LocalDateTime.parse(t).atZone(zone).toInstant(), problems),
                parse("validTo", validTo, t -> LocalDateTime.parse(t).atZone(zone).toInstant(), problems),
                dayValues, from == null && to == null ? null : new Hours(from, to), list(storeCodes),
                parse("priority", priority, Integer::valueOf, problems), Boolean.TRUE.equals(stackable),
                new Caps(parse("caps.perPurchase", capPerPurchase, Long::valueOf, problems),
                        parse("caps.perMemberPerDay", capPerDay, Long::valueOf, problems),
                        parse("caps.perMemberPerMonth", capPerMonth, Long::valueOf, problems),
                        parse("caps.perMemberLifetime", capLifetime, Long::valueOf, problems)));
        if (!problems.isEmpty()) {
            throw new CommandRefusedException.InvalidInput(problems);
        }
        return definition;
    }

    /** Only the fields the effect type uses, so a switch of type does not leave stale numbers behind. */
    RuleDefinition trimmed(RuleDefinition d) {
        var e = d.effect();
        var effect = switch (e.type() == null ? EffectType.FIXED : e.type()) {
            case PER_AMOUNT -> new Effect(e.type(), e.pointsPer(), e.perAmount(), e.rounding(), null, null, null, null);
            case PER_LINE -> new Effect(e.type(), e.pointsPer(), e.perAmount(), e.rounding(), e.categories(),
                    e.lineFilter(), null, null);
            case MULTIPLIER -> new Effect(e.type(), null, null, e.rounding(), null, null, e.factor(), null);
            case FIXED -> new Effect(e.type(), null, null, null, null, null, null, e.points());
        };
        return new RuleDefinition(d.name(), d.description(), d.kind(), d.condition(), effect,
                d.kind() == RuleKind.NTH_VISIT ? d.visitNumber() : null, d.validFrom(), d.validTo(), d.daysOfWeek(),
                d.hours(), d.storeCodes(), d.priority(), d.stackable(), d.caps());
    }

    private static <T> T parse(String field, String text, Function<String, T> parser, List<FieldProblem> problems) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return parser.apply(text.strip());
        } catch (RuntimeException e) {
            problems.add(new FieldProblem(field, "'" + text.strip() + "' cannot be read"));
            return null;
        }
    }

    private static List<String> list(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static String text(Object value) {
        return value instanceof BigDecimal b ? b.stripTrailingZeros().toPlainString()
                : value == null ? null : value.toString();
    }

    private static String local(Instant instant, ZoneId zone) {
        return instant == null ? null : LocalDateTime.ofInstant(instant, zone).toString();
    }
}
