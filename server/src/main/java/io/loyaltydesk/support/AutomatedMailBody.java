package io.loyaltydesk.support;

import java.util.Optional;

/**
 * Writes, at the moment an automated mail is sent, the body of a mail the thread cannot hold as it is: a survey
 * invitation carries a signed link that is never stored. A module that posts automated messages with a
 * {@code purpose} (see {@link AutomatedMessages#post}) implements this as a bean for that purpose; without one, or
 * when it answers empty, the thread's text is mailed.
 */
public interface AutomatedMailBody {

    /** The purpose this writes mails for, as given to {@link AutomatedMessages#post}. */
    String purpose();

    /** The plain-text body for this conversation's automated mail, or empty to mail the thread's text. */
    Optional<String> body(long conversationId);
}
