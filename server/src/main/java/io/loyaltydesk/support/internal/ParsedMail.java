package io.loyaltydesk.support.internal;

import io.loyaltydesk.platform.CommandRefusedException;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * One incoming mail as the desk needs it: who, to whom, the ids for threading, whether a machine sent it, its text,
 * its HTML (already sanitised) and its attachments (read up to the size limit).
 */
record ParsedMail(String messageId, String inReplyTo, List<String> references, String fromAddress, String fromName,
        List<String> to, List<String> cc, List<String> recipients, String subject, boolean automatic, String text,
        String html, List<Attachment> attachments) {

    /** {@code content} is null when the attachment was larger than the limit; {@code sizeBytes} is still true. */
    record Attachment(String fileName, String contentType, long sizeBytes, byte[] content) {
    }

    private static final Pattern ID = Pattern.compile("<[^<>\\s]+>");
    private static final Session SESSION = Session.getInstance(new Properties());

    /** The sender's display form, "Name <address>" or the address alone. */
    String from() {
        return fromName == null || fromName.isBlank() ? fromAddress : fromName + " <" + fromAddress + ">";
    }

    static ParsedMail parse(byte[] raw, long attachmentBytesMax) {
        try {
            var mime = new MimeMessage(SESSION, new ByteArrayInputStream(raw));
            var from = first(mime.getFrom());
            if (from == null) {
                throw new CommandRefusedException.InvalidInput("message", "has no From address");
            }
            var messageId = header(mime, "Message-ID");
            var ids = messageId == null ? List.<String>of() : ids(messageId);
            var id = ids.isEmpty() ? "<" + sha256(raw) + "@no-message-id.invalid>" : ids.getFirst();
            var inReplyTo = ids(header(mime, "In-Reply-To")).stream().findFirst().orElse(null);
            var references = ids(header(mime, "References"));
            var recipients = new ArrayList<String>();
            var to = addresses(mime.getRecipients(Message.RecipientType.TO), recipients);
            var cc = addresses(mime.getRecipients(Message.RecipientType.CC), recipients);
            for (var name : List.of("Delivered-To", "X-Original-To", "Envelope-To")) {
                var values = mime.getHeader(name);
                if (values != null) {
                    recipients.addAll(Arrays.stream(values).map(String::strip).toList());
                }
            }
            var body = new Body(attachmentBytesMax);
            body.walk(mime);
            var subject = mime.getSubject();
            return new ParsedMail(id, inReplyTo, references, from.getAddress().strip(), from.getPersonal(), to, cc,
                    recipients, subject == null ? "" : subject.strip(), automatic(mime, from), body.text,
                    body.html == null ? null : MailHtml.sanitise(body.html), body.attachments);
        } catch (MessagingException | IOException | RuntimeException e) {
            if (e instanceof CommandRefusedException refused) {
                throw refused;
            }
            throw new CommandRefusedException.InvalidInput("message", "is not a readable mail (RFC 822): "
                    + e.getClass().getSimpleName());
        }
    }

    /**
     * Automatic replies, bounces and list mail: RFC 3834's Auto-Submitted, the older Precedence and X-Autoreply
     * headers, delivery reports and the mailer daemons.
     */
    private static boolean automatic(MimeMessage mime, InternetAddress from) throws MessagingException {
        var autoSubmitted = header(mime, "Auto-Submitted");
        if (autoSubmitted != null && !autoSubmitted.strip().toLowerCase(Locale.ROOT).startsWith("no")) {
            return true;
        }
        var precedence = header(mime, "Precedence");
        if (precedence != null && precedence.strip().toLowerCase(Locale.ROOT).matches("bulk|junk|list|auto_reply")) {
            return true;
        }
        if (header(mime, "X-Autoreply") != null || header(mime, "X-Autorespond") != null
                || header(mime, "X-Auto-Response") != null) {
            return true;
        }
        var returnPath = header(mime, "Return-Path");
        if (returnPath != null && returnPath.strip().equals("<>")) {
            return true;
        }
        if (mime.isMimeType("multipart/report")) {
            return true;
        }
        var local = from.getAddress().toLowerCase(Locale.ROOT);
        local = local.contains("@") ? local.substring(0, local.indexOf('@')) : local;
        return local.equals("mailer-daemon") || local.equals("postmaster");
    }

    private static String header(MimeMessage mime, String name) throws MessagingException {
        return mime.getHeader(name, " ");
    }

    static List<String> ids(String header) {
        if (header == null) {
            return List.of();
        }
        var found = new ArrayList<String>();
        var matcher = ID.matcher(header);
        while (matcher.find() && found.size() < 100) {
            found.add(matcher.group());
        }
        return found;
    }

    private static InternetAddress first(Address[] addresses) {
        if (addresses == null) {
            return null;
        }
        for (var address : addresses) {
            if (address instanceof InternetAddress internet && internet.getAddress() != null) {
                return internet;
            }
        }
        return null;
    }

    private static List<String> addresses(Address[] addresses, List<String> plain) {
        if (addresses == null) {
            return List.of();
        }
        var shown = new ArrayList<String>();
        for (var address : addresses) {
            if (address instanceof InternetAddress internet && internet.getAddress() != null) {
                shown.add(internet.toUnicodeString());
                plain.add(internet.getAddress());
            }
        }
        return shown;
    }

    private static String sha256(byte[] raw) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Walks the MIME tree: the first text/plain and text/html parts are the body, files are attachments. */
    private static final class Body {

        private final long attachmentBytesMax;
        String text;
        String html;
        final List<Attachment> attachments = new ArrayList<>();

        Body(long attachmentBytesMax) {
            this.attachmentBytesMax = attachmentBytesMax;
        }

        void walk(Part part) throws MessagingException, IOException {
            var fileName = fileName(part);
            boolean attached = Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition());
            if (part.isMimeType("multipart/*") && !attached) {
                var multipart = (Multipart) part.getContent();
                for (int i = 0; i < multipart.getCount() && i < 200; i++) {
                    walk(multipart.getBodyPart(i));
                }
            } else if (!attached && fileName == null && part.isMimeType("text/plain")) {
                // some mail programs split the text around inline pictures: keep every piece, in order
                text = text == null ? string(part) : text.stripTrailing() + "\n\n" + string(part);
            } else if (!attached && fileName == null && part.isMimeType("text/html") && html == null) {
                html = string(part);
            } else if (attached || fileName != null || part.isMimeType("message/rfc822")
                    || !part.isMimeType("text/*") && !part.isMimeType("multipart/*")) {
                attachments.add(attachment(part, fileName));
            }
        }

        private Attachment attachment(Part part, String fileName) throws MessagingException, IOException {
            String type;
            try {
                type = new ContentType(part.getContentType()).getBaseType().toLowerCase(Locale.ROOT);
            } catch (MessagingException | RuntimeException e) {
                type = "application/octet-stream";
            }
            var name = fileName != null ? fileName : part.isMimeType("message/rfc822") ? "forwarded.eml" : "attachment";
            try (InputStream in = part.getInputStream()) {
                var head = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, attachmentBytesMax + 1));
                if (head.length <= attachmentBytesMax) {
                    return new Attachment(name, type, head.length, head);
                }
                long rest = in.transferTo(OutputStream.nullOutputStream());
                return new Attachment(name, type, head.length + rest, null);
            }
        }

        private static String fileName(Part part) throws MessagingException {
            String name;
            try {
                name = part.getFileName();
                name = name == null ? null : MimeUtility.decodeText(name);
            } catch (IOException | RuntimeException e) {
                name = "attachment";
            }
            if (name == null) {
                return null;
            }
            name = name.replaceAll("[\\\\/]", "_").replaceAll("\\p{Cntrl}", "").strip();
            if (name.isEmpty()) {
                return "attachment";
            }
            return name.length() > 200 ? name.substring(name.length() - 200) : name;
        }

        private static String string(Part part) throws MessagingException, IOException {
            try {
                var content = part.getContent();
                if (content instanceof String s) {
                    return s;
                }
            } catch (IOException | RuntimeException e) {
                // an unknown charset: read it as UTF-8 below rather than lose the member's words
            }
            try (InputStream in = part.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }
}
