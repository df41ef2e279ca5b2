package io.loyaltydesk.support.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Nasty HTML from mail: nothing that runs, loads, styles or submits survives the sanitiser. */
class MailHtmlTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "<script>alert(1)</script>",
        "<SCRIPT SRC=https://evil.test/x.js></SCRIPT>",
        "<img src=x onerror=alert(1)>",
        "<img src=\"https://tracker.test/open.gif\" width=1 height=1>",
        "<svg onload=alert(1)><circle r=5></circle></svg>",
        "<body onload=alert(1)>hi</body>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
        "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
        "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">x</a>",
        "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
        "<a href=\"vbscript:msgbox(1)\">x</a>",
        "<iframe src=\"https://evil.test\"></iframe>",
        "<object data=\"x.swf\"></object><embed src=\"x.swf\">",
        "<form action=\"https://evil.test\"><input name=p type=password><button>Log in</button></form>",
        "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.test\">",
        "<base href=\"https://evil.test/\"><link rel=stylesheet href=https://evil.test/x.css>",
        "<style>@import 'https://evil.test/x.css'; p{background:url(javascript:alert(1))}</style>",
        "<div style=\"background-image:url(https://tracker.test/x)\">decorated</div>",
        "<p style=\"width:expression(alert(1))\">old IE</p>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
        "<table background=\"https://tracker.test/bg.gif\"><tr><td>cell</td></tr></table>",
        "<a href=\"https://ok.test\" onmouseover=\"alert(1)\" target=\"_top\">ok</a>",
        "<video><source onerror=alert(1)></video><audio src=x onerror=alert(1)>",
        "<details open ontoggle=alert(1)>d</details>",
        "<template><script>alert(1)</script></template>",
        "<!--<script>alert(1)</script>-->",
    })
    void nothingActiveSurvives(String nasty) {
        var clean = MailHtml.sanitise(nasty).toLowerCase();
        assertThat(clean).doesNotContain("<script", "onerror", "onload", "onmouseover", "ontoggle", "style",
                "<img", "javascript:", "vbscript:", "data:", "<iframe", "<object", "<embed", "<form", "<input",
                "<meta", "<base", "<link", "<svg", "<video", "<audio", "evil.test", "tracker.test", "expression(",
                "target=", "background=");
        assertThat(MailHtml.text(nasty)).doesNotContain("alert(1)").doesNotContain("<script");
    }

    @Test
    void harmlessMarkupAndLinksStay() {
        var clean = MailHtml.sanitise("<p>Hello <b>Anna</b>,</p><ul><li>one</li></ul>"
                + "<a href=\"https://example.test/help\">help</a> <a href=\"mailto:a@example.test\">mail</a>");
        assertThat(clean).contains("<p>Hello <b>Anna</b>,</p>", "<li>one</li>",
                "<a href=\"https://example.test/help\" rel=\"nofollow noopener noreferrer\">help</a>",
                "href=\"mailto:a@example.test\"");
    }

    @Test
    void theTextKeepsParagraphsAndLineBreaks() {
        assertThat(MailHtml.text("<div>Hi   Jonas,</div><div><br></div><p>line one<br>line two</p>"
                + "<blockquote>quoted</blockquote><pre>  keep   spaces</pre>"))
                .isEqualTo("Hi Jonas,\n\nline one\nline two\n\nquoted\n\nkeep   spaces");
    }
}
