package io.loyaltydesk.knowledge;

import java.time.Instant;

/** One saved state of an article: what it said, who saved it and when. */
public record ArticleVersion(long articleId, int version, String title, String body, Long categoryId,
        Article.Status status, String savedBy, Instant createdAt) {
}
