package io.loyaltydesk.support;

/**
 * Where incoming support mail enters, whether it came from the polled IMAP mailbox or the inbound-mail webhook:
 * one raw RFC 822 message in, threaded into its conversation or opening a new one.
 */
public interface InboundEmail {

    /** What became of a mail. */
    enum Outcome {
        /** A new conversation was opened with it. */
        OPENED,
        /** It continued an existing conversation (the member's reply). */
        THREADED,
        /** An automatic reply or bounce to one of our mails: noted in its thread, nothing reopened or answered. */
        AUTO_REPLY,
        /** Seen before (same Message-ID): dropped. */
        DUPLICATE,
        /** Not for the desk: an automatic mail that belongs to no conversation, or one of our own. */
        IGNORED
    }

    record Received(Outcome outcome, Long conversationId) {
    }

    /**
     * Takes one mail in, in one transaction. A mail that cannot be read or is too large is refused with
     * {@link io.loyaltydesk.platform.CommandRefusedException.InvalidInput}; taking the same mail twice is harmless.
     */
    Received receive(byte[] rawMessage);
}
