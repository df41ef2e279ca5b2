package io.loyaltydesk.support.internal;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The email channel's two jobs: reading the support mailbox (when IMAP is configured) and sending queued replies
 * (when SMTP and the support address are). db-scheduler runs each on one node at a time.
 */
@Configuration(proxyBeanMethods = false)
class SupportMailJobs {

    private static final Logger log = LoggerFactory.getLogger(SupportMailJobs.class);

    @Bean
    RecurringTask<Void> supportMailPoll(MailPolling polling, SupportMailProperties properties) {
        return Tasks.recurring("support-mail-poll", FixedDelay.of(properties.imap().pollInterval()))
                .execute((instance, context) -> {
                    int taken = polling.poll();
                    if (taken > 0) {
                        log.info("Support mailbox: {} mails taken in", taken);
                    }
                });
    }

    @Bean
    RecurringTask<Void> supportMailSend(MailOutbox outbox) {
        return Tasks.recurring("support-mail-send", FixedDelay.ofSeconds(30))
                .execute((instance, context) -> {
                    int sent;
                    do {
                        sent = outbox.sendDue();
                    } while (sent == MailOutbox.BATCH);
                });
    }
}
