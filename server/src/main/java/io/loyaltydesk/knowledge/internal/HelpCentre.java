package io.loyaltydesk.knowledge.internal;

import io.loyaltydesk.knowledge.Article;
import io.loyaltydesk.knowledge.ArticleSearch;
import io.loyaltydesk.knowledge.Category;
import io.loyaltydesk.knowledge.KnowledgeBase;
import io.loyaltydesk.knowledge.KnowledgeLocale;
import io.loyaltydesk.platform.RateLimits;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.List;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * The public help centre in the portal: published articles by category, search and the article pages. Open to
 * anyone (no login), in the visitor's language, and rate limited per address so it cannot be scraped or used to
 * load the search index without end. Drafts never show here: every read asks for published articles only.
 */
@Controller
class HelpCentre {

    static final String PUBLIC = "permitAll()";
    static final RateLimits.Limit PAGES = new RateLimits.Limit("help-pages", 120, Duration.ofMinutes(1));
    static final RateLimits.Limit SEARCHES = new RateLimits.Limit("help-search", 30, Duration.ofMinutes(1));
    private static final int RESULTS_MAX = 20;

    private final KnowledgeBase knowledge;
    private final ArticleSearch search;
    private final RateLimits rateLimits;

    HelpCentre(KnowledgeBase knowledge, ArticleSearch search, RateLimits rateLimits) {
        this.knowledge = knowledge;
        this.search = search;
        this.rateLimits = rateLimits;
    }

    /** A category with its name in the visitor's language and how many articles it has. */
    record CategoryEntry(Category category, String name, int articles) {
    }


    @GetMapping("/portal/help")
    @PreAuthorize(PUBLIC)
    String home(@RequestParam(required = false) String q, HttpServletRequest request, Model model) {
        limit(PAGES, request);
        var locale = locale();
        if (q != null && !q.isBlank()) {
            limit(SEARCHES, request);
            model.addAttribute("hits", search.published(q.length() > 200 ? q.substring(0, 200) : q, locale, null,
                    RESULTS_MAX));
        }
        var published = knowledge.publishedIn(locale, null);
        model.addAttribute("q", q);
        model.addAttribute("categories", knowledge.categories().stream()
                .map(c -> new CategoryEntry(c, c.name(locale),
                        (int) published.stream().filter(a -> Long.valueOf(c.id()).equals(a.categoryId())).count()))
                .filter(c -> c.articles() > 0).toList());
        model.addAttribute("latest", published.stream()
                .sorted((a, b) -> b.updatedAt().compareTo(a.updatedAt())).limit(6).toList());
        return "knowledge/help";
    }

    @GetMapping("/portal/help/categories/{slug}")
    @PreAuthorize(PUBLIC)
    String category(@PathVariable String slug, HttpServletRequest request, Model model) {
        limit(PAGES, request);
        var locale = locale();
        var category = knowledge.category(slug).orElseThrow(() -> notFound());
        model.addAttribute("category", category);
        model.addAttribute("categoryName", category.name(locale));
        model.addAttribute("articles", knowledge.publishedIn(locale, category.id()));
        return "knowledge/help-category";
    }

    @GetMapping("/portal/help/articles/{slug}")
    @PreAuthorize(PUBLIC)
    String article(@PathVariable String slug, HttpServletRequest request, Model model) {
        limit(PAGES, request);
        var locale = locale();
        // a link in the other language still finds its article
        Article article = knowledge.published(locale, slug)
                .or(() -> knowledge.published(locale == KnowledgeLocale.EN ? KnowledgeLocale.DE : KnowledgeLocale.EN,
                        slug))
                .orElseThrow(() -> notFound());
        var category = article.categoryId() == null ? null : knowledge.categoryById(article.categoryId()).orElse(null);
        model.addAttribute("article", article);
        model.addAttribute("category", category);
        model.addAttribute("categoryName", category == null ? null : category.name(article.locale()));
        List<Article> related = category == null ? List.of() : knowledge.publishedIn(article.locale(), category.id())
                .stream().filter(a -> a.id() != article.id()).limit(5).toList();
        model.addAttribute("related", related);
        return "knowledge/help-article";
    }

    private void limit(RateLimits.Limit limit, HttpServletRequest request) {
        if (!rateLimits.tryAcquire(limit, request.getRemoteAddr())) {
            throw new ResponseStatusException(HttpStatus.TOO_MANY_REQUESTS, "too many requests; try again in a minute");
        }
    }

    private static ResponseStatusException notFound() {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "no such help page");
    }

    private static KnowledgeLocale locale() {
        return KnowledgeLocale.of(LocaleContextHolder.getLocale());
    }
}
