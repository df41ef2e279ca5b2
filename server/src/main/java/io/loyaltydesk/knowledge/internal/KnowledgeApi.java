package io.loyaltydesk.knowledge.internal;

import io.loyaltydesk.knowledge.Article;
import io.loyaltydesk.knowledge.ArticleDraft;
import io.loyaltydesk.knowledge.ArticleSearch;
import io.loyaltydesk.knowledge.ArticleVersion;
import io.loyaltydesk.knowledge.Category;
import io.loyaltydesk.knowledge.KnowledgeBase;
import io.loyaltydesk.knowledge.KnowledgeLocale;
import io.loyaltydesk.knowledge.SearchHit;
import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.staff.Access;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/knowledge")
@Tag(name = "Knowledge base", description = "Help articles (Markdown, rendered to sanitised HTML), categories, "
        + "publication and full-text search")
class KnowledgeApi {

    private final KnowledgeBase knowledge;
    private final ArticleSearch search;

    KnowledgeApi(KnowledgeBase knowledge, ArticleSearch search) {
        this.knowledge = knowledge;
        this.search = search;
    }

    /** An article as the API shows it: the Markdown and the sanitised HTML made from it. */
    record ArticleView(long id, String slug, String locale, String category, String title, String body, String html,
            Article.Status status, int version, Instant publishedAt, String createdBy, Instant createdAt,
            String updatedBy, Instant updatedAt) {
    }

    record ArticleRequest(String title, String body, String locale, String slug, String category, String reason) {
    }

    record CategoryRequest(String slug, String nameEn, String nameDe, Integer position) {
    }

    record SearchResult(String query, String locale, List<SearchHit> hits) {
    }

    @GetMapping("/articles")
    @PreAuthorize(Access.API_KNOWLEDGE_READ)
    @Operation(summary = "List articles", description = "Most recently changed first, at most 500. Filters: status "
            + "(DRAFT, PUBLISHED), locale (en, de), category (code).")
    List<ArticleView> list(@RequestParam(required = false) Article.Status status,
            @RequestParam(required = false) String locale, @RequestParam(required = false) String category) {
        Long categoryId = category == null || category.isBlank() ? null : knowledge.category(category.strip())
                .orElseThrow(() -> new CommandRefusedException.InvalidInput("category", "no such category"))
                .id();
        return knowledge.list(new KnowledgeBase.ArticleFilter(status, locale(locale, false), categoryId)).stream()
                .map(this::view).toList();
    }

    @PostMapping("/articles")
    @PreAuthorize(Access.API_KNOWLEDGE_WRITE)
    @Operation(summary = "Write an article", description = "Created as a DRAFT. title, body (Markdown) and locale "
            + "are required; slug is made from the title when left out; category is a category code.")
    ResponseEntity<ArticleView> create(@RequestBody ArticleRequest request) {
        var article = knowledge.create(draft(request));
        return ResponseEntity.created(URI.create("/api/v1/knowledge/articles/" + article.id())).body(view(article));
    }

    @GetMapping("/articles/{id}")
    @PreAuthorize(Access.API_KNOWLEDGE_READ)
    @Operation(summary = "Read an article")
    ArticleView get(@PathVariable long id) {
        return view(knowledge.get(id));
    }

    @PutMapping("/articles/{id}")
    @PreAuthorize(Access.API_KNOWLEDGE_WRITE)
    @Operation(summary = "Save a new version of an article", description = "Its status stays; the locale cannot "
            + "change. reason is kept in the audit log.")
    ArticleView update(@PathVariable long id, @RequestBody ArticleRequest request) {
        return view(knowledge.update(id, draft(request), request.reason()));
    }

    @PostMapping("/articles/{id}/publish")
    @PreAuthorize(Access.API_KNOWLEDGE_WRITE)
    @Operation(summary = "Publish an article", description = "It shows in the help centre and public search at once.")
    ArticleView publish(@PathVariable long id) {
        return view(knowledge.publish(id));
    }

    @PostMapping("/articles/{id}/unpublish")
    @PreAuthorize(Access.API_KNOWLEDGE_WRITE)
    @Operation(summary = "Unpublish an article", description = "Back to DRAFT; gone from the help centre at once.")
    ArticleView unpublish(@PathVariable long id) {
        return view(knowledge.unpublish(id));
    }

    @GetMapping("/articles/{id}/versions")
    @PreAuthorize(Access.API_KNOWLEDGE_READ)
    @Operation(summary = "An article's saved versions, newest first")
    List<ArticleVersion> versions(@PathVariable long id) {
        knowledge.get(id);
        return knowledge.versions(id);
    }

    @GetMapping("/search")
    @PreAuthorize(Access.API_KNOWLEDGE_READ)
    @Operation(summary = "Search articles", description = "Full text (BM25, title weighs most) in one language "
            + "(locale en or de, default en), best first, with a snippet whose matches are in <mark>. Drafts are "
            + "included unless published=true. limit 1-50, default 10.")
    SearchResult search(@RequestParam(required = false) String q, @RequestParam(required = false) String locale,
            @RequestParam(defaultValue = "false") boolean published, @RequestParam(defaultValue = "10") int limit) {
        if (q == null || q.isBlank()) {
            throw new CommandRefusedException.InvalidInput("q", "is required: the words to search for");
        }
        if (limit < 1 || limit > ArticleSearch.LIMIT_MAX) {
            throw new CommandRefusedException.InvalidInput("limit", "must be between 1 and " + ArticleSearch.LIMIT_MAX);
        }
        var lang = locale(locale, true);
        var hits = published ? search.published(q, lang, null, limit) : search.all(q, lang, limit);
        return new SearchResult(q.strip(), lang.tag(), hits);
    }

    @GetMapping("/categories")
    @PreAuthorize(Access.API_KNOWLEDGE_READ)
    @Operation(summary = "List categories")
    List<Category> categories() {
        return knowledge.categories();
    }

    @PostMapping("/categories")
    @PreAuthorize(Access.API_KNOWLEDGE_WRITE)
    @Operation(summary = "Create a category", description = "slug (code), nameEn, nameDe, position (order).")
    ResponseEntity<Category> createCategory(@RequestBody CategoryRequest request) {
        var category = knowledge.createCategory(request.slug(), request.nameEn(), request.nameDe(),
                request.position() == null ? 0 : request.position());
        return ResponseEntity.created(URI.create("/api/v1/knowledge/categories")).body(category);
    }

    private static ArticleDraft draft(ArticleRequest request) {
        return new ArticleDraft(request.title(), request.body(), request.locale(), request.slug(), request.category());
    }

    private static KnowledgeLocale locale(String locale, boolean defaultEnglish) {
        if (locale == null || locale.isBlank()) {
            return defaultEnglish ? KnowledgeLocale.EN : null;
        }
        return KnowledgeLocale.parse(locale)
                .orElseThrow(() -> new CommandRefusedException.InvalidInput("locale", "must be en or de"));
    }

    private ArticleView view(Article a) {
        var category = a.categoryId() == null ? null : knowledge.categoryById(a.categoryId()).map(Category::slug)
                .orElse(null);
        return new ArticleView(a.id(), a.slug(), a.locale().name().toLowerCase(Locale.ROOT), category, a.title(),
                a.body(), a.html(), a.status(), a.version(), a.publishedAt(), a.createdBy(), a.createdAt(),
                a.updatedBy(), a.updatedAt());
    }
}
