package io.loyaltydesk.demo.internal;

import io.loyaltydesk.members.Member;
import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.support.Conversation;
import io.loyaltydesk.support.Conversations;
import io.loyaltydesk.support.InboundEmail;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * The email side of the demo queue: real RFC 822 mails through the same intake as IMAP and the webhook — an HTML
 * mail answered and solved after the member's reply, a receipt sent as a PDF, a forwarded statement from someone
 * who is no member, an out-of-office reply noted in its thread, and a new German mail nobody has answered yet.
 */
@Component
class DemoEmail {

    private static final String SUPPORT = "support@loyaltydesk.example";

    private final InboundEmail inbound;
    private final Conversations conversations;

    DemoEmail(InboundEmail inbound, Conversations conversations) {
        this.inbound = inbound;
        this.conversations = conversations;
    }

    /** Lets the demo members write in; answers how many email conversations were opened. */
    int seed(List<Member> members) {
        var writers = members.stream().filter(m -> m.email().isPresent()).limit(40).toList();
        if (writers.size() < 4) {
            return 0;
        }
        var lena = writers.get(3);
        var omar = writers.get(11 % writers.size());
        var petra = writers.get(19 % writers.size());
        var jan = writers.get(27 % writers.size());
        int opened = 0;

        long voucher = receive(html("<demo-voucher@mail.example>", from(lena), "Voucher not accepted at Kreuzberg",
                "<p>Hello,</p><p>the <b>5 € voucher</b> from my app was refused at the till in Kreuzberg this "
                        + "morning. The cashier said the code was <i>already used</i>, but I never used it.</p>"
                        + "<p>Kind regards,<br>" + lena.firstName() + "</p>"));
        opened++;
        as("agent", () -> conversations.reply(voucher, "Hello " + lena.firstName() + ",\n\nsorry about that! The "
                + "till had lost its connection and marked the voucher as used. We have released it: it works "
                + "again from now on.\n\nJonas from the Loyalty Desk team", Conversation.Status.PENDING));
        receive(plain("<demo-voucher-2@mail.example>", from(lena), "Re: Voucher not accepted at Kreuzberg [#"
                + voucher + "]", "In-Reply-To: <demo-voucher@mail.example>\r\n",
                "It worked this afternoon, thank you!\n\nOn Mon, Jonas wrote:\n> sorry about that!"));
        receive(plain("<demo-voucher-ooo@mail.example>", from(lena), "Automatic reply: Voucher not accepted",
                "Auto-Submitted: auto-replied\r\nIn-Reply-To: <demo-voucher@mail.example>\r\n",
                "I am out of the office until Monday and will read your mail then."));
        as("agent", () -> conversations.changeStatus(voucher, Conversation.Status.SOLVED));

        long receipt = receive(withPdf("<demo-receipt@mail.example>", from(omar), "Points missing — receipt attached",
                "Hi, I bought beans and two flat whites on Saturday but got no points. My receipt is attached.\n\n"
                        + omar.firstName()));
        opened++;
        as("agent", () -> conversations.note(receipt, "Receipt is from Saturday at Mitte; checking the till "
                + "export for the purchase before we add the points."));

        receive(plain("<demo-forward@partner.example>", "Mia Schulz <mia.schulz@partner.example>",
                "Fwd: Your monthly points statement", "",
                "Hi, my husband " + petra.firstName() + " forwarded me this statement. Can I collect points on "
                        + "his card too?\n\n---------- Forwarded message ---------\nYour points statement for "
                        + "October"));
        opened++;

        receive(plain("<demo-birthday@mail.example>", from(jan), "Geburtstagsbonus nicht erhalten", "",
                "Hallo,\n\nich hatte letzte Woche Geburtstag, aber die Bonuspunkte sind nicht auf meinem Konto. "
                        + "Können Sie das prüfen?\n\nViele Grüße\n" + jan.firstName()));
        opened++;
        return opened;
    }

    private long receive(String raw) {
        return inbound.receive(raw.getBytes(StandardCharsets.UTF_8)).conversationId();
    }

    private static void as(String agent, Supplier<Object> work) {
        Actor.callAs(new Actor(Actor.Type.STAFF, null, agent, null), work);
    }

    private static String from(Member member) {
        return member.firstName() + " " + member.lastName() + " <" + member.email().orElseThrow() + ">";
    }

    private static String head(String id, String from, String subject, String extra) {
        return "Message-ID: " + id + "\r\nFrom: " + from + "\r\nTo: Loyalty Desk <" + SUPPORT + ">\r\nSubject: "
                + subject + "\r\nMIME-Version: 1.0\r\n" + extra;
    }

    private static String plain(String id, String from, String subject, String extra, String text) {
        return head(id, from, subject, extra) + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n\r\n" + text.replace("\n", "\r\n") + "\r\n";
    }

    private static String html(String id, String from, String subject, String html) {
        return head(id, from, subject, "") + "Content-Type: text/html; charset=utf-8\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n\r\n<html><body>" + html + "</body></html>\r\n";
    }

    private static String withPdf(String id, String from, String subject, String text) {
        var pdf = "%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";
        return head(id, from, subject, "Content-Type: multipart/mixed; boundary=\"demo-part\"\r\n\r\n")
                + "--demo-part\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                + text.replace("\n", "\r\n") + "\r\n--demo-part\r\nContent-Type: application/pdf\r\n"
                + "Content-Disposition: attachment; filename=\"receipt-saturday.pdf\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getMimeEncoder().encodeToString(pdf.getBytes(StandardCharsets.US_ASCII))
                + "\r\n--demo-part--\r\n";
    }
}
