package io.loyaltydesk.portal;

import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/** Reading what GreenMail received: the messages to one address and the plain-text part of a message. */
public final class MailSupport {

    private MailSupport() {
    }

    public static List<MimeMessage> to(MimeMessage[] received, String address) {
        return Arrays.stream(received).filter(m -> {
            try {
                return Arrays.stream(m.getRecipients(Message.RecipientType.TO))
                        .anyMatch(a -> a.toString().equalsIgnoreCase(address));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    /** The decoded text/plain part (quoted-printable soft line breaks would cut links in the raw message). */
    public static String text(MimeMessage message) throws Exception {
        var text = find(message.getContent(), "text/plain");
        if (text == null) {
            throw new AssertionError("no text/plain part");
        }
        return text;
    }

    public static String html(MimeMessage message) throws Exception {
        return find(message.getContent(), "text/html");
    }

    private static String find(Object content, String type) throws Exception {
        if (content instanceof String s) {
            return type.equals("text/plain") ? s : null;
        }
        if (content instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart part = multipart.getBodyPart(i);
                if (part.isMimeType(type)) {
                    return (String) part.getContent();
                }
                var inner = find(part.getContent(), type);
                if (inner != null) {
                    return inner;
                }
            }
        }
        return null;
    }

    /** The first link to {@code path} in the text, e.g. {@code /portal/verify-email}; its token parameter. */
    public static String token(String text, String path) {
        var matcher = Pattern.compile("https?://[^/\\s]+" + Pattern.quote(path) + "\\?(?:token|t)=([A-Za-z0-9_.-]+)")
                .matcher(text);
        if (!matcher.find()) {
            throw new AssertionError("no link to " + path + " in:\n" + text);
        }
        return matcher.group(1);
    }

    public static String link(String text, String path) {
        var matcher = Pattern.compile("https?://[^\\s]+" + Pattern.quote(path) + "\\?[^\\s]+").matcher(text);
        if (!matcher.find()) {
            throw new AssertionError("no link to " + path + " in:\n" + text);
        }
        return matcher.group();
    }
}
