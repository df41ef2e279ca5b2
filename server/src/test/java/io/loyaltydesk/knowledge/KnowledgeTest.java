package io.loyaltydesk.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.loyaltydesk.IntegrationTest;
import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.staff.Role;
import io.loyaltydesk.staff.Scope;
import io.loyaltydesk.staff.internal.ApiKeys;
import java.util.EnumSet;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;

class KnowledgeTest extends IntegrationTest {

    @Autowired
    KnowledgeBase knowledge;

    @Autowired
    ArticleSearch search;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApiKeys apiKeys;

    private Article published(String title, String body, String locale) {
        return as(() -> knowledge.publish(knowledge.create(new ArticleDraft(title, body, locale,
                KnowledgeBase.slugOf(title) + "-" + unique(), null)).id()));
    }

    private static <T> T as(Supplier<T> work) {
        return Actor.callAs(Actor.system("test"), work);
    }

    @Test
    void aTitleMatchOutranksABodyMention() {
        var word = "zorblax" + unique();
        var mention = published("Opening hours", "Our shops open at seven. The " + word
                + " blend is sold in every shop, and many other things are said here about coffee and pastry.", "en");
        var titled = published("The " + word + " blend", "A seasonal coffee from Ethiopia.", "en");
        var hits = search.published(word, KnowledgeLocale.EN, null, 10);
        assertThat(hits).extracting(SearchHit::articleId).containsExactly(titled.id(), mention.id());
        assertThat(hits.get(0).score()).isGreaterThan(hits.get(1).score());
        assertThat(hits.get(1).snippetHtml()).contains("<mark>" + word + "</mark>");
    }

    @Test
    void germanSearchFindsInflectedWordsThroughStemming() {
        var tag = "qx" + unique();
        var article = published("Fehlende Punkte " + tag, "Wenn Ihnen nach dem Einkauf Punkte fehlen, senden Sie "
                + "uns die Bonnummer. Die Prämien werden mit Ihren Punkten bezahlt.", "de");
        // "Prämie" (singular, no umlaut folding needed by the visitor) finds "Prämien"; "Punkt" finds "Punkten"
        assertThat(search.published("Prämie " + tag, KnowledgeLocale.DE, null, 10))
                .extracting(SearchHit::articleId).contains(article.id());
        var hits = search.published("Punkt " + tag, KnowledgeLocale.DE, null, 10);
        assertThat(hits).extracting(SearchHit::articleId).first().isEqualTo(article.id());
        assertThat(hits.getFirst().snippetHtml()).contains("<mark>Punkte</mark>");
        // a German article is not found in English
        assertThat(search.published(tag, KnowledgeLocale.EN, null, 10)).extracting(SearchHit::articleId)
                .doesNotContain(article.id());
    }

    @Test
    void unpublishedArticlesNeverAppearPublicly() throws Exception {
        var word = "quokka" + unique();
        var draft = as(() -> knowledge.create(new ArticleDraft("Draft about " + word, "Secret " + word + " plan.",
                "en", null, null)));
        assertThat(search.published(word, KnowledgeLocale.EN, null, 10)).isEmpty();
        assertThat(search.all(word, KnowledgeLocale.EN, 10)).extracting(SearchHit::articleId).contains(draft.id());
        mvc.perform(get("/portal/help").param("q", word).with(from("10.70.0.1")))
                .andExpect(status().isOk()).andExpect(content().string(not(containsString("Draft about"))));
        mvc.perform(get("/portal/help/articles/" + draft.slug()).with(from("10.70.0.1")))
                .andExpect(status().isNotFound());

        as(() -> knowledge.publish(draft.id()));
        mvc.perform(get("/portal/help").param("q", word).with(from("10.70.0.1")))
                .andExpect(status().isOk()).andExpect(content().string(containsString("Draft about " + word)));
        mvc.perform(get("/portal/help/articles/" + draft.slug()).with(from("10.70.0.1")))
                .andExpect(status().isOk()).andExpect(content().string(containsString("Secret")));

        as(() -> knowledge.unpublish(draft.id()));
        assertThat(search.published(word, KnowledgeLocale.EN, null, 10)).isEmpty();
        mvc.perform(get("/portal/help/articles/" + draft.slug()).with(from("10.70.0.1")))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/knowledge/search").param("q", word).param("published", "true").with(apiKey()))
                .andExpect(status().isOk()).andExpect(jsonPath("$.hits.length()").value(0));
    }

    @Test
    void editsReachTheIndexAndKeepVersions() {
        var old = "wombat" + unique();
        var fresh = "numbat" + unique();
        var article = published("Card help " + old, "Lost your card? " + old, "en");
        as(() -> knowledge.update(article.id(), new ArticleDraft("Card help " + fresh, "Lost your card? " + fresh,
                "en", null, null), "renamed"));
        assertThat(search.published(old, KnowledgeLocale.EN, null, 10)).isEmpty();
        assertThat(search.published(fresh, KnowledgeLocale.EN, null, 10)).extracting(SearchHit::articleId)
                .containsExactly(article.id());
        var versions = knowledge.versions(article.id());
        assertThat(versions).extracting(ArticleVersion::version).containsExactly(3, 2, 1);
        assertThat(versions.getFirst().title()).contains(fresh);
        assertThat(versions.getLast().status()).isEqualTo(Article.Status.DRAFT);
    }

    @Test
    void anotherNodesChangesAreCaughtUpBeforeSearching() {
        var word = "okapi" + unique();
        var article = published("Another node", "Nothing to see", "en");
        // what a second node writes: the row changes in the database and takes the next revision, no event here
        jdbc.sql("update knowledge_articles set body = :body, revision = nextval('knowledge_revisions') where id = :id")
                .param("body", "Now about " + word).param("id", article.id()).update();
        assertThat(search.published(word, KnowledgeLocale.EN, null, 10)).extracting(SearchHit::articleId)
                .containsExactly(article.id());
    }

    @Test
    void badArticlesAreRefusedWithEveryField() {
        assertThatThrownBy(() -> as(() -> knowledge.create(new ArticleDraft(" ", "", "fr", "Not A Slug!", "nope"))))
                .isInstanceOfSatisfying(CommandRefusedException.InvalidInput.class, e -> assertThat(e.problems())
                        .extracting(p -> p.field()).contains("title", "body", "locale", "slug", "category"));
    }

    @Test
    void theApiWritesPublishesAndSearches() throws Exception {
        var word = "capybara" + unique();
        var body = mvc.perform(post("/api/v1/knowledge/articles").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"title": "About %s", "body": "Hello <script>alert(1)</script> **%s**", "locale": "en"}
                                """.formatted(word, word)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.status").value("DRAFT"))
                .andExpect(jsonPath("$.html").value(not(containsString("<script"))))
                .andReturn().getResponse().getContentAsString();
        long id = ((Number) com.jayway.jsonpath.JsonPath.read(body, "$.id")).longValue();
        mvc.perform(post("/api/v1/knowledge/articles/" + id + "/publish").with(apiKey()))
                .andExpect(status().isOk()).andExpect(jsonPath("$.status").value("PUBLISHED"));
        mvc.perform(get("/api/v1/knowledge/search").param("q", word).param("published", "true").with(apiKey()))
                .andExpect(status().isOk()).andExpect(jsonPath("$.hits[0].articleId").value(id));
        mvc.perform(post("/api/v1/knowledge/articles").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"title\": \"\", \"locale\": \"xx\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.hasItems("title", "body", "locale")));

        var readOnly = apiKeys.create("kb-read-" + unique(), EnumSet.of(Scope.KNOWLEDGE_READ), "test");
        mvc.perform(get("/api/v1/knowledge/articles/" + id).with(apiKey(readOnly.secret()))).andExpect(status().isOk());
        mvc.perform(post("/api/v1/knowledge/articles/" + id + "/unpublish").with(apiKey(readOnly.secret())))
                .andExpect(status().isForbidden());
        var other = apiKeys.create("kb-none-" + unique(), EnumSet.of(Scope.MEMBERS_READ), "test");
        mvc.perform(get("/api/v1/knowledge/articles").with(apiKey(other.secret()))).andExpect(status().isForbidden());
    }

    @Test
    void agentsReadEditorsWriteOthersSeeNothing() throws Exception {
        var article = published("Role check " + unique(), "Body", "en");
        mvc.perform(get("/console/knowledge").with(staff(Role.AGENT))).andExpect(status().isOk())
                .andExpect(content().string(not(containsString("/console/knowledge/new"))));
        mvc.perform(get("/console/knowledge/" + article.id()).with(staff(Role.AGENT))).andExpect(status().isOk());
        mvc.perform(get("/console/knowledge/new").with(staff(Role.AGENT))).andExpect(status().isForbidden());
        mvc.perform(post("/console/knowledge/" + article.id() + "/unpublish").with(staff(Role.AGENT)).with(csrf()))
                .andExpect(status().isForbidden());
        mvc.perform(get("/console/knowledge").with(staff(Role.STORE_STAFF))).andExpect(status().isForbidden());
        mvc.perform(get("/console/knowledge").with(staff(Role.READ_ONLY))).andExpect(status().isForbidden());

        mvc.perform(get("/console/knowledge").with(staff(Role.SUPERVISOR))).andExpect(status().isOk())
                .andExpect(content().string(containsString("/console/knowledge/new")));
        var title = "Made in the console " + unique();
        mvc.perform(post("/console/knowledge").with(staff(Role.PROGRAM_MANAGER)).with(csrf())
                        .param("title", title).param("body", "Text").param("locale", "en"))
                .andExpect(status().is3xxRedirection());
        assertThat(knowledge.list(KnowledgeBase.ArticleFilter.all())).extracting(Article::title).contains(title);
        mvc.perform(post("/console/knowledge").with(staff(Role.PROGRAM_MANAGER)).with(csrf())
                        .param("title", "").param("body", "").param("locale", "en"))
                .andExpect(status().isOk()).andExpect(content().string(containsString("id=\"title-error\"")));
    }

    @Test
    void theDeskPickerOffersPublishedArticlesWithTheirAddress() throws Exception {
        var word = "axolotl" + unique();
        var article = published("Linking " + word, "How to link " + word, "en");
        as(() -> knowledge.create(new ArticleDraft("Draft " + word, "Not yet " + word, "en", null, null)));
        mvc.perform(get("/desk/knowledge/search").param("q", word).param("lang", "en").with(staff(Role.AGENT)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("/portal/help/articles/" + article.slug() + "?lang=en")))
                .andExpect(content().string(not(containsString("Draft " + word))));
        mvc.perform(get("/desk/knowledge/search").param("q", word).with(staff(Role.STORE_STAFF)))
                .andExpect(status().isForbidden());
    }

    private static org.springframework.test.web.servlet.request.RequestPostProcessor from(String address) {
        return request -> {
            request.setRemoteAddr(address + unique() % 200);
            return request;
        };
    }
}
