package io.loyaltydesk.knowledge;

import java.time.Instant;

/** A group of articles, named in both languages; {@code position} orders them on the help centre. */
public record Category(long id, String slug, String nameEn, String nameDe, int position, Instant createdAt,
        Instant updatedAt) {

    public String name(KnowledgeLocale locale) {
        return locale == KnowledgeLocale.DE ? nameDe : nameEn;
    }
}
