package io.loyaltydesk.support.internal;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.TextNode;
import org.jsoup.safety.Safelist;

/**
 * The HTML of incoming mail, made safe: what an agent's browser may ever see of it is markup from a short safelist
 * (text structure, tables, links to http, https and mailto), without scripts, event handlers, styles, images or
 * forms. The thread itself shows a plain-text form of it.
 */
final class MailHtml {

    private static final Safelist SAFE = Safelist.relaxed()
            .removeTags("img")
            .removeProtocols("a", "href", "ftp")
            .addEnforcedAttribute("a", "rel", "nofollow noopener noreferrer");
    private static final String BLOCKS = "p, div, li, tr, h1, h2, h3, h4, h5, h6, blockquote, pre, table, ul, ol, "
            + "dl, dt, dd, section, article, header, footer, hr";

    private MailHtml() {
    }

    static String sanitise(String html) {
        return Jsoup.clean(html, "", SAFE, new Document.OutputSettings().prettyPrint(false)).strip();
    }

    /** The words of the HTML, with line breaks where blocks and {@code <br>} were; nothing of scripts or styles. */
    static String text(String html) {
        var body = Jsoup.parse(html).body();
        body.select("script, style, template, noscript, head, title, svg, math").remove();
        for (var element : body.getAllElements()) {
            if (element.tagName().equals("pre")) {
                continue;
            }
            for (var text : element.textNodes()) {
                if (!inPre(text)) {
                    text.text(text.getWholeText().replaceAll("[\\s\\u00a0]+", " "));
                }
            }
        }
        // wholeText() already gives a line break for each <br>
        for (var block : body.select(BLOCKS)) {
            block.prependChild(new TextNode("\n"));
            block.appendChild(new TextNode("\n"));
        }
        var lines = body.wholeText().replace("\r", "").split("\n", -1);
        var out = new StringBuilder();
        int blank = 0;
        for (var line : lines) {
            var stripped = line.strip();
            if (stripped.isEmpty()) {
                blank++;
                continue;
            }
            if (!out.isEmpty()) {
                out.append(blank > 0 && out.length() > 0 ? "\n\n" : "\n");
            }
            blank = 0;
            out.append(stripped);
        }
        return out.toString();
    }

    private static boolean inPre(TextNode text) {
        for (Element parent = text.parent() instanceof Element e ? e : null; parent != null; parent = parent.parent()) {
            if (parent.tagName().equals("pre")) {
                return true;
            }
        }
        return false;
    }
}
