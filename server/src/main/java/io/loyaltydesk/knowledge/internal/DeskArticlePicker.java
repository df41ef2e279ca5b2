package io.loyaltydesk.knowledge.internal;

import io.loyaltydesk.knowledge.ArticleSearch;
import io.loyaltydesk.knowledge.KnowledgeBase;
import io.loyaltydesk.knowledge.KnowledgeLocale;
import io.loyaltydesk.staff.Access;
import java.util.List;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The article picker beside the desk's reply box: published articles matching what the agent types, each with
 * its public address and its text, for {@code knowledge-desk.js} to insert into the reply.
 */
@Controller
class DeskArticlePicker {

    private static final int HITS_MAX = 6;

    private final ArticleSearch search;
    private final KnowledgeBase knowledge;

    DeskArticlePicker(ArticleSearch search, KnowledgeBase knowledge) {
        this.search = search;
        this.knowledge = knowledge;
    }

    /** One result: what the agent sees and what the buttons insert. */
    record Pick(long id, String title, String snippetHtml, String url, String text) {
    }

    @GetMapping("/desk/knowledge/search")
    @PreAuthorize(Access.STAFF_KNOWLEDGE_READ)
    String search(@RequestParam(required = false) String q, @RequestParam(required = false) String lang,
            Model model) {
        var locale = KnowledgeLocale.parse(lang).orElse(KnowledgeLocale.of(LocaleContextHolder.getLocale()));
        List<Pick> picks = q == null || q.isBlank() ? List.of() : search.published(q, locale, null, HITS_MAX).stream()
                .map(hit -> new Pick(hit.articleId(), hit.title(), hit.snippetHtml(),
                        ServletUriComponentsBuilder.fromCurrentContextPath()
                                .path("/portal/help/articles/{slug}").queryParam("lang", locale.tag())
                                .buildAndExpand(hit.slug()).toUriString(),
                        knowledge.find(hit.articleId()).map(a -> a.title() + "\n\n" + a.plainText()).orElse("")))
                .toList();
        model.addAttribute("q", q);
        model.addAttribute("picks", picks);
        return "knowledge/desk-picks :: picks";
    }
}
