package io.loyaltydesk.knowledge;

/** An article was created, edited, published or unpublished; published in the transaction that changed it. */
public record ArticleChanged(Article article) {
}
