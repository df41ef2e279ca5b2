package io.loyaltydesk.knowledge;

import java.util.Locale;
import java.util.Optional;

/** The languages articles are written and searched in; each has its own analyzer (stemming, stop words). */
public enum KnowledgeLocale {
    EN, DE;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** German for a German-speaking visitor, English otherwise. */
    public static KnowledgeLocale of(Locale locale) {
        return locale != null && "de".equals(locale.getLanguage()) ? DE : EN;
    }

    public static Optional<KnowledgeLocale> parse(String tag) {
        if (tag == null || tag.isBlank()) {
            return Optional.empty();
        }
        return switch (tag.strip().toLowerCase(Locale.ROOT)) {
            case "en" -> Optional.of(EN);
            case "de" -> Optional.of(DE);
            default -> Optional.empty();
        };
    }
}
