package io.loyaltydesk.support.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What of a member's reply reaches the thread: their words, not the mail they quote. */
class MailBodyTest {

    @Test
    void theQuotedMailBelowAReplyIsCutOff() {
        assertThat(MailIntake.body(text("Thanks!\n\nOn Tue, 24 Nov 2026 at 10:00, Support <support@x.test> wrote:\n"
                + "> We added the points."), true)).isEqualTo("Thanks!");
        assertThat(MailIntake.body(text("Danke!\n\nAm Di., 24. Nov. 2026 um 10:00 Uhr schrieb Support "
                + "<support@x.test>:\n> Wir haben die Punkte gutgeschrieben."), true)).isEqualTo("Danke!");
        assertThat(MailIntake.body(text("Great, thanks.\n\nOn Tue, 24 Nov 2026 at 10:00, Loyalty Desk support\n"
                + "<support@loyaltydesk.test> wrote:\n> We added the points."), true)).isEqualTo("Great, thanks.");
        assertThat(MailIntake.body(text("See below\n\n-----Original Message-----\nFrom: Support"), true))
                .isEqualTo("See below");
    }

    @Test
    void aFirstMailKeepsEverythingAndAnEmptyOneSaysSo() {
        var quoted = "Look at this:\n\nOn Monday the app wrote:\n> your points expire";
        assertThat(MailIntake.body(text(quoted), false)).isEqualTo(quoted);
        assertThat(MailIntake.body(text("   "), false)).isEqualTo("(no text)");
        assertThat(MailIntake.body(text("x".repeat(30_000)), false)).hasSizeLessThanOrEqualTo(20_000)
                .endsWith("[… shortened]");
    }

    private static ParsedMail text(String body) {
        return new ParsedMail("<id@x.test>", null, List.of(), "anna@x.test", null, List.of(), List.of(), List.of(),
                "Subject", false, body, null, List.of());
    }
}
