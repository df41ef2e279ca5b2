package io.loyaltydesk.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import io.loyaltydesk.knowledge.internal.Markdown;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

class MarkdownTest {

    @Test
    void theSubsetBecomesHtml() {
        var html = Markdown.toSafeHtml("""
                # Earning points

                You earn **1 point** per euro, *double* on Tuesdays.
                See [the tiers](https://example.test/tiers) or use `CODE1`.

                - coffee
                - pastry

                1. open the app
                2. show the card
                """);
        var doc = Jsoup.parse(html);
        assertThat(doc.select("h2").text()).isEqualTo("Earning points");
        assertThat(doc.select("strong").text()).isEqualTo("1 point");
        assertThat(doc.select("em").text()).isEqualTo("double");
        assertThat(doc.select("a[href=https://example.test/tiers]").text()).isEqualTo("the tiers");
        assertThat(doc.select("a").attr("rel")).contains("nofollow");
        assertThat(doc.select("code").text()).isEqualTo("CODE1");
        assertThat(doc.select("ul li")).hasSize(2);
        assertThat(doc.select("ol li")).hasSize(2);
    }

    @Test
    void scriptsEventHandlersAndJavascriptLinksNeverSurvive() {
        var html = Markdown.toSafeHtml("""
                Hello <script>alert('x')</script> and <img src=x onerror=alert(1)>
                <a href="javascript:alert(2)">raw link</a>

                [click me](javascript:alert(3)) and [data](data:text/html,<script>alert(4)</script>)
                **<b onmouseover=alert(5)>bold</b>**
                """);
        var doc = Jsoup.parse(html);
        assertThat(doc.select("script")).isEmpty();
        assertThat(doc.select("img")).isEmpty();
        assertThat(doc.select("[onerror], [onmouseover]")).isEmpty();
        assertThat(doc.select("a[href]")).allSatisfy(a -> assertThat(a.attr("href")).doesNotStartWithIgnoringCase("javascript")
                .doesNotStartWithIgnoringCase("data"));
        assertThat(html).doesNotContain("<script").doesNotContainIgnoringCase("javascript:alert(3)\"");
        // the words stay readable as text
        assertThat(doc.text()).contains("Hello", "click me");
    }

    @Test
    void plainTextKeepsBlocksApart() {
        assertThat(Markdown.toPlainText("Within a day.\n\n- Keep your receipt\n- Ask us")).isEqualTo(
                "Within a day.\n- Keep your receipt\n- Ask us");
    }

    @Test
    void plainTextKeepsTheWordsWithoutMarkup() {
        assertThat(Markdown.toPlainText("## Missing points\n\nAsk at the **till**.")).contains("Missing points")
                .contains("Ask at the till.").doesNotContain("**").doesNotContain("<");
    }

    @Test
    void slugsAreMadeFromTitlesInBothLanguages() {
        assertThat(KnowledgeBase.slugOf("Wo sind meine Punkte?")).isEqualTo("wo-sind-meine-punkte");
        assertThat(KnowledgeBase.slugOf("Prämien & Gutscheine für Größen")).isEqualTo("praemien-gutscheine-fuer-groessen");
        assertThat(KnowledgeBase.slugOf("  How do tiers work?  ")).isEqualTo("how-do-tiers-work");
    }
}
