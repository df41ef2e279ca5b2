package io.loyaltydesk.messaging;

import java.time.Instant;

/** A message in the outbox, as operators and tests see it. */
public record OutgoingMessage(long id, Long memberId, Channel channel, String template, String recipient,
        String subject, String bodyText, String bodyHtml, Status status, int attempts, Instant nextAttemptAt,
        String lastError, Instant sentAt, Instant createdAt) {

    public enum Channel { EMAIL, SMS }

    public enum Status { PENDING, SENT, FAILED }
}
