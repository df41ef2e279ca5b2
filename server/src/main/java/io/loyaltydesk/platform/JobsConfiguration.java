package io.loyaltydesk.platform;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/**
 * Background jobs on db-scheduler: modules declare {@link RecurringTask} beans, and one scheduler per node
 * runs them, each due execution on exactly one node of the cluster (the table is the lock). Started once the
 * application is ready, stopped before the database closes. {@code loyaltydesk.jobs.enabled=false} turns
 * it off (tests drive the jobs' work directly, on a clock they control).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "loyaltydesk.jobs.enabled", havingValue = "true", matchIfMissing = true)
class JobsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(JobsConfiguration.class);

    @Bean(destroyMethod = "stop")
    @SuppressWarnings({"rawtypes", "unchecked"})
    Scheduler scheduler(DataSource dataSource, List<RecurringTask<?>> tasks) {
        return Scheduler.create(dataSource)
                .startTasks((List) tasks)
                .threads(2)
                .pollingInterval(Duration.ofSeconds(10))
                .shutdownMaxWait(Duration.ofSeconds(20))
                .build();
    }

    @EventListener(ApplicationReadyEvent.class)
    void start(ApplicationReadyEvent event) {
        var scheduler = event.getApplicationContext().getBean(Scheduler.class);
        scheduler.start();
        log.info("Background jobs started: {}", event.getApplicationContext().getBeansOfType(RecurringTask.class)
                .values().stream().map(t -> t.getName()).sorted().toList());
    }
}
