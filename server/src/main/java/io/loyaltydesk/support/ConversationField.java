package io.loyaltydesk.support;

import java.util.List;
import java.util.Locale;

/**
 * A custom field agents fill in on conversations (order number, refund approved, ...). {@code key} names it in the
 * API; {@code label} (and {@code labelDe}, when given) in the desk. A DROPDOWN's value is one of {@code options}.
 * A field with {@code requiredOnSolve} must have a value before the conversation can be solved or closed. Inactive
 * fields are hidden, not required and not settable; their values stay stored.
 */
public record ConversationField(long id, String key, String label, String labelDe, Type type, List<String> options,
        boolean requiredOnSolve, boolean active, int position) {

    public enum Type { TEXT, NUMBER, DROPDOWN, CHECKBOX, DATE }

    /** The label in the reader's language: German when there is one, else the main label. */
    public String label(Locale locale) {
        return locale != null && "de".equals(locale.getLanguage()) && labelDe != null ? labelDe : label;
    }
}
