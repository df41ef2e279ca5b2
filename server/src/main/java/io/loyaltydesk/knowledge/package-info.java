/**
 * Knowledge base: help articles in English and German (Markdown bodies rendered to sanitised HTML), their
 * categories, drafts and publication, every saved version, and the Lucene (BM25) index that searches them. Serves
 * the editors' console pages, the API, the article picker of the support desk and the public help centre of the
 * member portal. Publishes {@link io.loyaltydesk.knowledge.ArticleChanged} after each change; the index is derived
 * from the database and rebuilt from it at start-up (ADR 0015).
 */
package io.loyaltydesk.knowledge;
