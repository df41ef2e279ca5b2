package io.loyaltydesk.knowledge.internal;

import io.loyaltydesk.knowledge.Article;
import io.loyaltydesk.knowledge.ArticleDraft;
import io.loyaltydesk.knowledge.ArticleSearch;
import io.loyaltydesk.knowledge.Category;
import io.loyaltydesk.knowledge.KnowledgeBase;
import io.loyaltydesk.knowledge.KnowledgeLocale;
import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.staff.Access;
import io.loyaltydesk.web.FormErrors;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The editors' pages: the article list and search, an article with its versions, the editor, the categories. */
@Controller
class KnowledgeConsole {

    /** Mirrors {@link Access#STAFF_KNOWLEDGE_EDIT} for what a page offers. */
    private static final Set<String> EDITORS = Set.of("ROLE_ADMIN", "ROLE_PROGRAM_MANAGER", "ROLE_SUPERVISOR");

    private final KnowledgeBase knowledge;
    private final ArticleSearch search;
    private final MessageSource messages;

    KnowledgeConsole(KnowledgeBase knowledge, ArticleSearch search, MessageSource messages) {
        this.knowledge = knowledge;
        this.search = search;
        this.messages = messages;
    }

    record ArticleForm(String title, String body, String locale, String slug, String category, String reason) {

        static ArticleForm empty() {
            return new ArticleForm(null, null, "en", null, null, null);
        }

        static ArticleForm of(Article a, Map<Long, Category> categories) {
            var category = a.categoryId() == null ? null : categories.get(a.categoryId());
            return new ArticleForm(a.title(), a.body(), a.locale().tag(), a.slug(),
                    category == null ? null : category.slug(), null);
        }
    }

    @GetMapping("/console/knowledge")
    @PreAuthorize(Access.STAFF_KNOWLEDGE_READ)
    String list(@RequestParam(required = false) String q, @RequestParam(required = false) String status,
            @RequestParam(required = false) String locale, Model model, Authentication authentication) {
        var lang = KnowledgeLocale.parse(locale).orElse(null);
        Article.Status wanted = null;
        if (status != null && !status.isBlank()) {
            try {
                wanted = Article.Status.valueOf(status.strip());
            } catch (IllegalArgumentException e) {
                wanted = null;
            }
        }
        if (q != null && !q.isBlank()) {
            var searchIn = lang == null ? KnowledgeLocale.of(LocaleContextHolder.getLocale()) : lang;
            model.addAttribute("hits", search.all(q, searchIn, 25));
            model.addAttribute("searchLocale", searchIn);
        }
        model.addAttribute("q", q);
        model.addAttribute("status", wanted);
        model.addAttribute("locale", lang);
        model.addAttribute("articles", knowledge.list(new KnowledgeBase.ArticleFilter(wanted, lang, null)));
        model.addAttribute("categories", categoriesById());
        model.addAttribute("canEdit", canEdit(authentication));
        return "knowledge/list";
    }

    @GetMapping("/console/knowledge/new")
    @PreAuthorize(Access.STAFF_KNOWLEDGE_EDIT)
    String newArticle(Model model) {
        model.addAttribute("errors", FormErrors.none());
        return form(model, ArticleForm.empty(), null);
    }

    @PostMapping("/console/knowledge")
    @PreAuthorize(Access.STAFF_KNOWLEDGE_EDIT)
    String create(@ModelAttribute ArticleForm form, Model model, RedirectAttributes redirect) {
        try {
            var article = knowledge.create(new ArticleDraft(form.title(), form.body(), form.locale(), form.slug(),
                    form.category()));
            redirect.addFlashAttribute("flash", text("knowledge.created", article.title()));
            return "redirect:/console/knowledge/" + article.id();
        } catch (CommandRefusedException e) {
            FormErrors.addTo(model, e);
            return form(model, form, null);
        }
    }

    @GetMapping("/console/knowledge/{id}")
    @PreAuthorize(Access.STAFF_KNOWLEDGE_READ)
    String detail(@PathVariable long id, Model model, Authentication authentication) {
        var article = knowledge.get(id);
        model.addAttribute("article", article);
        model.addAttribute("category", article.categoryId() == null ? null
                : knowledge.categoryById(article.categoryId()).orElse(null));
        model.addAttribute("versions", knowledge.versions(id));
        model.addAttribute("canEdit", canEdit(authentication));
        return "knowledge/detail";
    }

    @GetMapping("/console/knowledge/{id}/edit")
    @PreAuthorize(Access.STAFF_KNOWLEDGE_EDIT)
    String edit(@PathVariable long id, Model model) {
        var article = knowledge.get(id);
        model.addAttribute("errors", FormErrors.none());
        return form(model, ArticleForm.of(article, categoriesById()), article);
    }

    @PostMapping("/console/knowledge/{id}/edit")
    @PreAuthorize(Access.STAFF_KNOWLEDGE_EDIT)
    String update(@PathVariable long id, @ModelAttribute ArticleForm form, Model model, RedirectAttributes redirect) {
        var existing = knowledge.get(id);
        try {
            var article = knowledge.update(id, new ArticleDraft(form.title(), form.body(), existing.locale().tag(),
                    form.slug(), form.category()), form.reason());
            redirect.addFlashAttribute("flash", text("knowledge.saved", article.title(), article.version()));
            return "redirect:/console/knowledge/" + id;
        } catch (CommandRefusedException e) {
            FormErrors.addTo(model, e);
            return form(model, form, existing);
        }
    }

    @PostMapping("/console/knowledge/{id}/publish")
    @PreAuthorize(Access.STAFF_KNOWLEDGE_EDIT)
    String publish(@PathVariable long id, RedirectAttributes redirect) {
        var article = knowledge.publish(id);
        redirect.addFlashAttribute("flash", text("knowledge.published.flash", article.title()));
        return "redirect:/console/knowledge/" + id;
    }

    @PostMapping("/console/knowledge/{id}/unpublish")
    @PreAuthorize(Access.STAFF_KNOWLEDGE_EDIT)
    String unpublish(@PathVariable long id, RedirectAttributes redirect) {
        var article = knowledge.unpublish(id);
        redirect.addFlashAttribute("flash", text("knowledge.unpublished.flash", article.title()));
        return "redirect:/console/knowledge/" + id;
    }

    @GetMapping("/console/knowledge/categories")
    @PreAuthorize(Access.STAFF_KNOWLEDGE_READ)
    String categories(Model model, Authentication authentication) {
        model.addAttribute("errors", FormErrors.none());
        return categoriesPage(model, authentication, null, null, null, null);
    }

    @PostMapping("/console/knowledge/categories")
    @PreAuthorize(Access.STAFF_KNOWLEDGE_EDIT)
    String createCategory(@RequestParam(required = false) String slug, @RequestParam(required = false) String nameEn,
            @RequestParam(required = false) String nameDe, @RequestParam(required = false) String position,
            Model model, Authentication authentication, RedirectAttributes redirect) {
        try {
            var category = knowledge.createCategory(slug, nameEn, nameDe, position(position));
            redirect.addFlashAttribute("flash", text("knowledge.category.created", category.nameEn()));
            return "redirect:/console/knowledge/categories";
        } catch (CommandRefusedException e) {
            FormErrors.addTo(model, e);
            return categoriesPage(model, authentication, slug, nameEn, nameDe, position);
        }
    }

    @PostMapping("/console/knowledge/categories/{id}")
    @PreAuthorize(Access.STAFF_KNOWLEDGE_EDIT)
    String updateCategory(@PathVariable long id, @RequestParam(required = false) String nameEn,
            @RequestParam(required = false) String nameDe, @RequestParam(required = false) String position,
            RedirectAttributes redirect) {
        try {
            var category = knowledge.updateCategory(id, nameEn, nameDe, position(position));
            redirect.addFlashAttribute("flash", text("knowledge.category.saved", category.nameEn()));
        } catch (CommandRefusedException e) {
            redirect.addFlashAttribute("actionError", e.getMessage());
        }
        return "redirect:/console/knowledge/categories";
    }

    private String categoriesPage(Model model, Authentication authentication, String slug, String nameEn,
            String nameDe, String position) {
        model.addAttribute("categories", knowledge.categories());
        model.addAttribute("canEdit", canEdit(authentication));
        model.addAttribute("slug", slug);
        model.addAttribute("nameEn", nameEn);
        model.addAttribute("nameDe", nameDe);
        model.addAttribute("position", position);
        return "knowledge/categories";
    }

    private int position(String position) {
        if (position == null || position.isBlank()) {
            return 0;
        }
        try {
            return Integer.parseInt(position.strip());
        } catch (NumberFormatException e) {
            throw new CommandRefusedException.InvalidInput("position", text("knowledge.category.position.whole"));
        }
    }

    private String form(Model model, ArticleForm form, Article article) {
        model.addAttribute("form", form);
        model.addAttribute("article", article);
        model.addAttribute("categoryList", knowledge.categories());
        return "knowledge/form";
    }

    private Map<Long, Category> categoriesById() {
        return knowledge.categories().stream().collect(Collectors.toMap(Category::id, Function.identity()));
    }

    private static boolean canEdit(Authentication authentication) {
        return authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).anyMatch(EDITORS::contains);
    }

    private String text(String key, Object... args) {
        return messages.getMessage(key, args, LocaleContextHolder.getLocale());
    }
}
