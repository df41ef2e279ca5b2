package io.loyaltydesk.support.internal;

import io.loyaltydesk.staff.Access;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.util.HtmlUtils;

/**
 * The email side of the desk's thread: the addresses and attachments of each mail beside its line, whether a
 * reply went out, the attachments to download and the sanitised HTML to look at. Kept apart from {@link Desk}: the
 * thread gets its mails through {@link DeskMailThread}.
 */
@Controller
class DeskMail {

    /** Nothing of a mail's HTML may run, load or submit anything; it is shown in its own sandboxed origin. */
    static final String HTML_POLICY = "sandbox; default-src 'none'; style-src 'self'; img-src 'none'; "
            + "form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

    private final JdbcClient jdbc;

    DeskMail(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Attachment(long id, String fileName, String contentType, long sizeBytes, String refusedReason) {

        public boolean downloadable() {
            return refusedReason == null;
        }

        public String size() {
            return sizeBytes >= 1024 * 1024 ? String.format("%.1f MB", sizeBytes / 1048576.0)
                    : sizeBytes >= 1024 ? (sizeBytes / 1024) + " KB" : sizeBytes + " B";
        }
    }

    /** One mail of the thread as the desk shows it. */
    public record Email(long id, String direction, String from, String to, String cc, String status, int attempts,
            String lastError, Instant sentAt, boolean hasHtml, List<Attachment> attachments) {

        public boolean inbound() {
            return direction.equals("IN");
        }
    }

    Map<Long, Email> ofConversation(long conversationId) {
        var attachments = new HashMap<Long, List<Attachment>>();
        jdbc.sql("""
                select id, email_id, file_name, content_type, size_bytes, refused_reason
                  from support_email_attachments where conversation_id = :c order by id
                """).param("c", conversationId).query((ResultSet rs) -> {
                    attachments.computeIfAbsent(rs.getLong("email_id"), k -> new ArrayList<>())
                            .add(new Attachment(rs.getLong("id"), rs.getString("file_name"),
                                    rs.getString("content_type"), rs.getLong("size_bytes"),
                                    rs.getString("refused_reason")));
                });
        var emails = new HashMap<Long, Email>();
        jdbc.sql("""
                select id, message_id, direction, from_address, to_addresses, cc_addresses, status, attempts,
                       last_error, sent_at, html is not null as has_html
                  from support_emails where conversation_id = :c order by id
                """).param("c", conversationId).query((ResultSet rs) -> {
                    emails.put(rs.getLong("message_id"), email(rs, attachments));
                });
        return emails;
    }

    private static Email email(ResultSet rs, Map<Long, List<Attachment>> attachments) throws SQLException {
        var sentAt = rs.getTimestamp("sent_at");
        return new Email(rs.getLong("id"), rs.getString("direction"), rs.getString("from_address"),
                rs.getString("to_addresses"), rs.getString("cc_addresses"), rs.getString("status"),
                rs.getInt("attempts"), rs.getString("last_error"), sentAt == null ? null : sentAt.toInstant(),
                rs.getBoolean("has_html"), attachments.getOrDefault(rs.getLong("id"), List.of()));
    }

    @GetMapping("/desk/conversations/{id}/attachments/{attachmentId}")
    @PreAuthorize(Access.STAFF_DESK)
    ResponseEntity<byte[]> attachment(@PathVariable long id, @PathVariable long attachmentId) {
        record File(String name, String type, byte[] content) {
        }
        var file = jdbc.sql("""
                select file_name, content_type, content from support_email_attachments
                 where id = :id and conversation_id = :conversation and content is not null
                """).param("id", attachmentId).param("conversation", id)
                .query((rs, row) -> new File(rs.getString(1), rs.getString(2), rs.getBytes(3))).optional()
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no such attachment"));
        MediaType type;
        try {
            type = MediaType.parseMediaType(file.type());
        } catch (RuntimeException e) {
            type = MediaType.APPLICATION_OCTET_STREAM;
        }
        return ResponseEntity.ok()
                .contentType(type)
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(file.name(), StandardCharsets.UTF_8).build().toString())
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "sandbox; default-src 'none'")
                .header(HttpHeaders.CACHE_CONTROL, "private, no-store")
                .body(file.content());
    }

    @GetMapping("/desk/conversations/{id}/emails/{emailId}/html")
    @PreAuthorize(Access.STAFF_DESK)
    ResponseEntity<String> html(@PathVariable long id, @PathVariable long emailId) {
        var html = jdbc.sql("select subject, html from support_emails where id = :id and conversation_id = :c "
                        + "and html is not null")
                .param("id", emailId).param("c", id)
                .query((rs, row) -> new String[] {rs.getString(1), rs.getString(2)}).optional()
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no such mail"));
        // sanitised again on the way out: what was stored under an older safelist gets today's
        var page = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + HtmlUtils.htmlEscape(html[0])
                + "</title></head><body>" + MailHtml.sanitise(html[1]) + "</body></html>";
        return ResponseEntity.ok()
                .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .header("Content-Security-Policy", HTML_POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header(HttpHeaders.CACHE_CONTROL, "private, no-store")
                .body(page);
    }
}
