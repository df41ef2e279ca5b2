package io.loyaltydesk.support;

import java.time.Instant;

/**
 * One entry of a conversation's thread. {@code body} is plain text and is only ever rendered escaped.
 * NOTE entries are internal: the member never sees them. AUTOMATED entries are written by the desk for the member
 * (a survey invitation): the member sees them, and on email conversations they are mailed; no agent metric counts
 * them. FROM_ASSISTANT entries are answers from an automated assistant (an external bot through the API): the member
 * sees them labelled as the assistant's and they are mailed like an agent's reply, but no agent metric or SLA target
 * counts them.
 */
public record Message(long id, long conversationId, Long memberId, Kind kind, String author, String body,
        Instant createdAt) {

    public enum Kind { FROM_MEMBER, FROM_AGENT, NOTE, SYSTEM, AUTOMATED, FROM_ASSISTANT }
}
