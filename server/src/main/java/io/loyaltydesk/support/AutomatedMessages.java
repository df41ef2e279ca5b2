package io.loyaltydesk.support;

import io.loyaltydesk.support.internal.MailOutbox;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Messages the desk sends the member by itself (a CSAT invitation): a line of kind
 * {@link Message.Kind#AUTOMATED} in the thread, which the member sees, mailed in the thread's email chain on
 * email conversations (In-Reply-To and References of the earlier mails, the conversation's subject token), and
 * counted in no agent metric or SLA target because it is nobody's reply.
 */
@Service
public class AutomatedMessages {

    public static final int PURPOSE_MAX = 40;

    private final Conversations conversations;
    private final MailOutbox outbox;

    AutomatedMessages(Conversations conversations, MailOutbox outbox) {
        this.conversations = conversations;
        this.outbox = outbox;
    }

    /**
     * Posts the message in the conversation's transaction.
     *
     * @param purpose what it is for (e.g. {@code csat}); the {@link AutomatedMailBody} bean of that purpose writes
     *        the mail when it goes out; null mails {@code text} as it is
     */
    @Transactional
    public Message post(long conversationId, String text, String purpose) {
        if (purpose != null && (purpose.isBlank() || purpose.length() > PURPOSE_MAX)) {
            throw new IllegalArgumentException("purpose must be 1.." + PURPOSE_MAX + " characters");
        }
        var message = conversations.addAutomatedMessage(conversationId, text);
        if (purpose != null) {
            outbox.purpose(message.id(), purpose);
        }
        return message;
    }
}
