package io.loyaltydesk.support;

import java.time.Instant;

/** A conversation with a member, or with a contact not (yet) matched to one; {@code teamId} is the team it is routed to. */
public record Conversation(long id, Long memberId, Channel channel, String subject, Status status, Priority priority,
        String assignee, String contactEmail, String contactPhone, Instant firstResponseAt, Instant solvedAt,
        Instant createdAt, Instant updatedAt, Long teamId) {

    public enum Channel { EMAIL, CHAT, WEB_FORM, SMS, SOCIAL, API }

    public enum Status {
        NEW, OPEN, PENDING, ON_HOLD, SOLVED, CLOSED,
        /** Merged into another conversation of the same contact (ADR 0020): terminal, it lives on in the target. */
        MERGED;

        /** Still waiting for someone on our side or the member's. */
        public boolean active() {
            return this != SOLVED && this != CLOSED && this != MERGED;
        }
    }

    public enum Priority { LOW, NORMAL, HIGH, URGENT }

    /** Who the conversation is with, as the queue shows it when no member is linked. */
    public String contact() {
        return contactEmail != null ? contactEmail : contactPhone != null ? contactPhone : "";
    }
}
