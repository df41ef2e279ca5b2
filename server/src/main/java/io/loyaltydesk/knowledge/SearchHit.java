package io.loyaltydesk.knowledge;

/**
 * One search result, best first. {@code snippetHtml} is a piece of the body with the matched words in
 * {@code <mark>}; everything else in it is escaped, so it may be put into a page unescaped.
 */
public record SearchHit(long articleId, String slug, KnowledgeLocale locale, String title, String snippetHtml,
        Article.Status status, float score) {
}
