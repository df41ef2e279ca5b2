package io.loyaltydesk.knowledge;

import io.loyaltydesk.knowledge.internal.ArticleIndex;
import java.util.List;
import org.springframework.stereotype.Service;

/** Full-text search over the articles (Lucene, BM25, title boosted), with highlighted snippets. */
@Service
public class ArticleSearch {

    public static final int LIMIT_MAX = 50;

    private final ArticleIndex index;

    ArticleSearch(ArticleIndex index) {
        this.index = index;
    }

    /** Published articles only: what members and visitors may find. */
    public List<SearchHit> published(String text, KnowledgeLocale locale, Long categoryId, int limit) {
        return index.search(new ArticleIndex.Search(text, locale, true, categoryId, limit));
    }

    /** Drafts too: for editors. */
    public List<SearchHit> all(String text, KnowledgeLocale locale, int limit) {
        return index.search(new ArticleIndex.Search(text, locale, false, null, limit));
    }
}
