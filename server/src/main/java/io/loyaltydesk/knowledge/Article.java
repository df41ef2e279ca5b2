package io.loyaltydesk.knowledge;

import java.time.Instant;

/**
 * A help article. {@code body} is the Markdown its editor wrote; pages show {@link #html()}, which is sanitised.
 * {@code version} counts the saved versions; {@code revision} orders every change across all articles.
 */
public record Article(long id, String slug, KnowledgeLocale locale, Long categoryId, String title, String body,
        Status status, int version, long revision, Instant publishedAt, String createdBy, Instant createdAt,
        String updatedBy, Instant updatedAt) {

    public enum Status { DRAFT, PUBLISHED }

    public boolean published() {
        return status == Status.PUBLISHED;
    }

    /** The body as sanitised HTML: safe to put into a page unescaped. */
    public String html() {
        return io.loyaltydesk.knowledge.internal.Markdown.toSafeHtml(body);
    }

    /** The body as plain text, e.g. to paste into a reply. */
    public String plainText() {
        return io.loyaltydesk.knowledge.internal.Markdown.toPlainText(body);
    }
}
