package io.loyaltydesk.members.internal;

import io.loyaltydesk.platform.FieldProblem;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks and normalises member fields. Each method returns the normalised value, or adds a problem for
 * the field and returns null, so that one pass reports every bad field.
 */
public final class MemberInput {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{2,}$");
    private static final Pattern CARD = Pattern.compile("^[A-Za-z0-9-]{6,32}$");
    private static final LocalDate BIRTH_DATE_MIN = LocalDate.of(1900, 1, 1);

    private MemberInput() {
    }

    public static String name(String field, String value, List<FieldProblem> problems) {
        if (value == null || value.isBlank()) {
            return null;
        }
        var name = value.strip();
        if (name.length() > 100) {
            problems.add(new FieldProblem(field, "must have at most 100 characters"));
            return null;
        }
        return name;
    }

    public static String email(String value, List<FieldProblem> problems) {
        if (value == null || value.isBlank()) {
            return null;
        }
        var email = value.strip().toLowerCase(Locale.ROOT);
        if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
            problems.add(new FieldProblem("email", "is not an email address"));
            return null;
        }
        return email;
    }

    public static String phone(String value, String region, List<FieldProblem> problems) {
        if (value == null || value.isBlank()) {
            return null;
        }
        var phone = PhoneNumbers.e164(value, region);
        if (phone.isEmpty()) {
            problems.add(new FieldProblem("phone", "is not a valid phone number (use +<country code> <number>)"));
            return null;
        }
        return phone.get();
    }

    public static String card(String value, List<FieldProblem> problems) {
        if (value == null || value.isBlank()) {
            return null;
        }
        var card = value.strip();
        if (!CARD.matcher(card).matches()) {
            problems.add(new FieldProblem("cardNumber", "use 6 to 32 letters, digits or dashes"));
            return null;
        }
        return card;
    }

    public static String externalId(String value, List<FieldProblem> problems) {
        if (value == null || value.isBlank()) {
            return null;
        }
        var id = value.strip();
        if (id.length() > 100) {
            problems.add(new FieldProblem("externalId", "must have at most 100 characters"));
            return null;
        }
        return id;
    }

    public static LocalDate birthDate(Object value, LocalDate today, List<FieldProblem> problems) {
        if (value == null || (value instanceof String text && text.isBlank())) {
            return null;
        }
        LocalDate date;
        try {
            date = value instanceof LocalDate given ? given : LocalDate.parse(value.toString().strip());
        } catch (DateTimeParseException e) {
            problems.add(new FieldProblem("birthDate", "use the form YYYY-MM-DD"));
            return null;
        }
        if (date.isAfter(today) || date.isBefore(BIRTH_DATE_MIN)) {
            problems.add(new FieldProblem("birthDate", "must lie between 1900-01-01 and today"));
            return null;
        }
        return date;
    }

    public static String locale(String value, List<FieldProblem> problems) {
        if (value == null || value.isBlank()) {
            return null;
        }
        var tag = value.strip().replace('_', '-');
        var locale = Locale.forLanguageTag(tag);
        if (tag.length() > 35 || locale.getLanguage().isEmpty()) {
            problems.add(new FieldProblem("locale", "is not a language tag such as en or de-DE"));
            return null;
        }
        return locale.toLanguageTag();
    }
}
