package io.loyaltydesk.knowledge.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.safety.Safelist;

/**
 * The Markdown subset articles are written in: headings ({@code #}, {@code ##}, {@code ###}), paragraphs, bullet and
 * numbered lists, {@code **bold**}, {@code *italic*}, {@code `code`} and {@code [links](https://...)}. Raw HTML is
 * not part of it: the text is escaped before the Markdown is applied, and the result goes through jsoup's cleaner
 * with a fixed safelist as a second wall, so no script, event handler or {@code javascript:} link is ever rendered.
 */
public final class Markdown {

    private static final Pattern HEADING = Pattern.compile("^(#{1,3})\\s+(.*)$");
    private static final Pattern BULLET = Pattern.compile("^\\s*[-*]\\s+(.*)$");
    private static final Pattern NUMBERED = Pattern.compile("^\\s*\\d+[.)]\\s+(.*)$");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern LINK = Pattern.compile("\\[([^\\]]+)]\\(([^)\\s]+)\\)");
    private static final Pattern BOLD = Pattern.compile("\\*\\*(.+?)\\*\\*");
    private static final Pattern ITALIC = Pattern.compile("(?<![*\\w])\\*([^*\\s][^*]*?)\\*(?![*\\w])");
    /** Where relative links resolve while cleaning; never shown. */
    private static final String BASE = "https://help.invalid/";
    private static final Safelist SAFE = Safelist.none()
            .addTags("p", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "code", "a", "br")
            .addAttributes("a", "href")
            .addProtocols("a", "href", "http", "https", "mailto")
            .addEnforcedAttribute("a", "rel", "nofollow noopener")
            .preserveRelativeLinks(true);

    private Markdown() {
    }

    /** The article body as sanitised HTML, safe to insert into a page unescaped. */
    public static String toSafeHtml(String markdown) {
        return Jsoup.clean(toHtml(markdown == null ? "" : markdown), BASE, SAFE,
                new Document.OutputSettings().prettyPrint(false));
    }

    /** The body as plain text, for the search index, snippets and pasting into a reply. */
    public static String toPlainText(String markdown) {
        // blocks keep their line breaks, list items their dash, so "Keep your receipt" stays apart from the next
        var html = toSafeHtml(markdown).replace("<li>", "<li>- ").replaceAll("</(p|h[2-4]|li|ul|ol)>", "$0\n");
        return Jsoup.parse(html).wholeText().replaceAll("[ \\t]+", " ").replaceAll("\\n{3,}", "\n\n").strip();
    }

    static String toHtml(String markdown) {
        var html = new StringBuilder();
        var paragraph = new ArrayList<String>();
        String list = null;
        for (String raw : markdown.replace("\r\n", "\n").split("\n", -1)) {
            String line = raw.stripTrailing();
            Matcher m;
            if (line.isBlank()) {
                flush(html, paragraph);
                list = close(html, list);
            } else if ((m = HEADING.matcher(line)).matches()) {
                flush(html, paragraph);
                list = close(html, list);
                // an article's title is its h1, so the body's headings start one level lower
                int level = m.group(1).length() + 1;
                html.append("<h").append(level).append('>').append(inline(m.group(2))).append("</h").append(level)
                        .append('>');
            } else if ((m = BULLET.matcher(line)).matches() || (m = NUMBERED.matcher(line)).matches()) {
                flush(html, paragraph);
                String kind = BULLET.matcher(line).matches() ? "ul" : "ol";
                if (!kind.equals(list)) {
                    close(html, list);
                    html.append('<').append(kind).append('>');
                    list = kind;
                }
                html.append("<li>").append(inline(m.group(1))).append("</li>");
            } else {
                list = close(html, list);
                paragraph.add(line.strip());
            }
        }
        flush(html, paragraph);
        close(html, list);
        return html.toString();
    }

    private static void flush(StringBuilder html, List<String> paragraph) {
        if (!paragraph.isEmpty()) {
            html.append("<p>").append(inline(String.join("\n", paragraph)).replace("\n", " ")).append("</p>");
            paragraph.clear();
        }
    }

    private static String close(StringBuilder html, String list) {
        if (list != null) {
            html.append("</").append(list).append('>');
        }
        return null;
    }

    private static String inline(String text) {
        String escaped = escape(text);
        // code spans first, so that their content is not read as emphasis or links
        var codes = new ArrayList<String>();
        escaped = CODE.matcher(escaped).replaceAll(r -> {
            codes.add(r.group(1));
            return "\u0000" + (codes.size() - 1) + "\u0000";
        });
        escaped = LINK.matcher(escaped).replaceAll(r -> Matcher.quoteReplacement(
                "<a href=\"" + r.group(2).replace("\"", "&quot;") + "\">" + r.group(1) + "</a>"));
        escaped = BOLD.matcher(escaped).replaceAll("<strong>$1</strong>");
        escaped = ITALIC.matcher(escaped).replaceAll("<em>$1</em>");
        for (int i = 0; i < codes.size(); i++) {
            escaped = escaped.replace("\u0000" + i + "\u0000", "<code>" + codes.get(i) + "</code>");
        }
        return escaped;
    }

    private static String escape(String text) {
        var out = new StringBuilder(text.length() + 16);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
