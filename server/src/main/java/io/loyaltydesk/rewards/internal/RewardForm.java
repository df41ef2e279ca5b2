package io.loyaltydesk.rewards.internal;

import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.platform.FieldProblem;
import io.loyaltydesk.rewards.Reward;
import io.loyaltydesk.rewards.RewardDefinition;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The reward editor as posted: numbers and dates stay text so that a typo gets an answer beside its field. */
record RewardForm(String name, String description, String kind, String valueBand, String costPoints,
        String visibility, String tierCodes, String segmentCodes, String status, String validFrom, String validTo, String stock,
        String limitPerMember, String discountMinor, String currency, String codeSource, String codeLength,
        String codeAlphabet, String codeValidDays, String codeUsesMax, String storeCodes, String lowPoolThreshold,
        String reason) {

    static RewardForm empty() {
        return new RewardForm(null, null, "VOUCHER_CODE", "MEDIUM", null, "PUBLIC", null, null, "ACTIVE", null, null,
                null,
                null, null, null, "GENERATED", "12", VoucherCodeGenerator.DEFAULT_ALPHABET, null, "1", null, "10",
                null);
    }

    static RewardForm of(Reward r, String storeCodes) {
        return new RewardForm(r.name(), r.description(), r.kind().name(), r.valueBand().name(),
                Long.toString(r.costPoints()), r.visibility().name(), String.join(", ", r.tierCodes()),
                String.join(", ", r.segmentCodes()), r.status().name(), date(r.validFrom()), date(r.validTo() == null ? null : r.validTo().minusSeconds(1)),
                r.stockLeft() == null ? null : r.stockLeft().toString(), text(r.limitPerMember()),
                text(r.discountMinor()), r.currency(), r.codeSource().name(), Integer.toString(r.codeLength()),
                r.codeAlphabet(), text(r.codeValidDays()), Integer.toString(r.codeUsesMax()), storeCodes,
                Integer.toString(r.lowPoolThreshold()), null);
    }

    /** Dates are whole days in UTC: valid from the start of the first day to the end of the last. */
    RewardDefinition toDefinition() {
        var problems = new ArrayList<FieldProblem>();
        var from = day(validFrom, "validFrom", problems);
        var to = day(validTo, "validTo", problems);
        var definition = new RewardDefinition(name, description, choice(Reward.Kind.class, kind, "kind", problems),
                choice(Reward.ValueBand.class, valueBand, "valueBand", problems),
                number(costPoints, "costPoints", problems),
                choice(Reward.Visibility.class, visibility, "visibility", problems), list(tierCodes),
                list(segmentCodes),
                choice(Reward.Status.class, status, "status", problems),
                from == null ? null : from.atStartOfDay().toInstant(ZoneOffset.UTC),
                to == null ? null : to.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC),
                integer(stock, "stock", problems), integer(limitPerMember, "limitPerMember", problems),
                number(discountMinor, "discountMinor", problems),
                currency == null || currency.isBlank() ? null : currency.strip().toUpperCase(),
                choice(Reward.CodeSource.class, codeSource, "codeSource", problems),
                integer(codeLength, "codeLength", problems), codeAlphabet,
                integer(codeValidDays, "codeValidDays", problems), integer(codeUsesMax, "codeUsesMax", problems),
                list(storeCodes), integer(lowPoolThreshold, "lowPoolThreshold", problems));
        if (!problems.isEmpty()) {
            throw new CommandRefusedException.InvalidInput(problems);
        }
        return definition;
    }

    private static List<String> list(String text) {
        return text == null || text.isBlank() ? List.of()
                : Arrays.stream(text.split("[,\\s]+")).filter(s -> !s.isBlank()).toList();
    }

    private static <E extends Enum<E>> E choice(Class<E> type, String value, String field, List<FieldProblem> problems) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.strip());
        } catch (IllegalArgumentException e) {
            problems.add(new FieldProblem(field, "choose one of the options"));
            return null;
        }
    }

    private static Long number(String value, String field, List<FieldProblem> problems) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(value.strip().replace(",", "").replace(".", ""));
        } catch (NumberFormatException e) {
            problems.add(new FieldProblem(field, "must be a whole number"));
            return null;
        }
    }

    private static Integer integer(String value, String field, List<FieldProblem> problems) {
        var number = number(value, field, problems);
        if (number != null && (number > Integer.MAX_VALUE || number < Integer.MIN_VALUE)) {
            problems.add(new FieldProblem(field, "is too large"));
            return null;
        }
        return number == null ? null : number.intValue();
    }

    private static LocalDate day(String value, String field, List<FieldProblem> problems) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (RuntimeException e) {
            problems.add(new FieldProblem(field, "must be a date such as 2026-12-24"));
            return null;
        }
    }

    private static String date(java.time.Instant instant) {
        return instant == null ? null : instant.atZone(ZoneOffset.UTC).toLocalDate().toString();
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
