package io.loyaltydesk.support.internal;

import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.support.InboundEmail;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.search.FlagTerm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Reads new mail from the support mailbox over IMAP: every unseen message goes to {@link InboundEmail} and is then
 * marked as seen. A mail the desk refuses for good (unreadable, too large) is marked as seen and logged; one that
 * failed for a passing reason (the database) stays unseen and is read again next time. Two nodes polling at once
 * cannot take a mail twice: db-scheduler runs the job on one node, and the intake drops a Message-ID it has seen.
 */
@Component
public class MailPolling {

    private static final Logger log = LoggerFactory.getLogger(MailPolling.class);

    private final InboundEmail inbound;
    private final SupportMailProperties properties;

    MailPolling(InboundEmail inbound, SupportMailProperties properties) {
        this.inbound = inbound;
        this.properties = properties;
    }

    /** One poll; answers how many mails were taken in (opened or threaded). Does nothing while IMAP is not set. */
    public int poll() {
        var imap = properties.imap();
        if (!imap.enabled()) {
            return 0;
        }
        var protocol = imap.tls() ? "imaps" : "imap";
        var settings = new Properties();
        settings.put("mail." + protocol + ".connectiontimeout", "20000");
        settings.put("mail." + protocol + ".timeout", "60000");
        settings.put("mail." + protocol + ".writetimeout", "60000");
        if (imap.tls()) {
            settings.put("mail.imaps.ssl.checkserveridentity", "true");
        }
        int taken = 0;
        try (var store = Session.getInstance(settings).getStore(protocol)) {
            store.connect(imap.host(), imap.port(), imap.username(), imap.password());
            var folder = store.getFolder(imap.folder());
            folder.open(Folder.READ_WRITE);
            try {
                var unseen = folder.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false));
                for (int i = 0; i < unseen.length && i < imap.messagesPerPollMax(); i++) {
                    if (take(unseen[i])) {
                        taken++;
                    }
                }
            } finally {
                folder.close(false);
            }
        } catch (MessagingException e) {
            log.warn("Support mailbox {}:{} could not be read: {}", imap.host(), imap.port(), e.getMessage());
        }
        return taken;
    }

    private boolean take(Message message) throws MessagingException {
        try {
            if (message.getSize() > properties.messageSizeMax().toBytes()) {
                log.warn("Support mail {} skipped: {} bytes is more than the limit", message.getMessageNumber(),
                        message.getSize());
                message.setFlag(Flags.Flag.SEEN, true);
                return false;
            }
            var raw = new ByteArrayOutputStream();
            message.writeTo(raw);
            var received = inbound.receive(raw.toByteArray());
            message.setFlag(Flags.Flag.SEEN, true);
            return received.outcome() == InboundEmail.Outcome.OPENED
                    || received.outcome() == InboundEmail.Outcome.THREADED;
        } catch (CommandRefusedException e) {
            log.warn("Support mail {} not taken: {}", message.getMessageNumber(), e.getMessage());
            message.setFlag(Flags.Flag.SEEN, true);
            return false;
        } catch (IOException | RuntimeException e) {
            log.error("Support mail {} failed; it stays unseen and is read again on the next poll",
                    message.getMessageNumber(), e);
            message.setFlag(Flags.Flag.SEEN, false);
            return false;
        }
    }
}
