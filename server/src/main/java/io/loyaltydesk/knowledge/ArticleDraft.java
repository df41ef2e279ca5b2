package io.loyaltydesk.knowledge;

/**
 * What an editor writes: the article's fields. {@code locale} is "en" or "de"; {@code slug} may be left blank on
 * creation (made from the title); {@code categorySlug} may be blank (no category).
 */
public record ArticleDraft(String title, String body, String locale, String slug, String categorySlug) {
}
