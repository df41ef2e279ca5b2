package io.loyaltydesk.knowledge.internal;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code loyaltydesk.knowledge.*}.
 *
 * @param indexDir where this node keeps its search index; blank keeps it in memory (the default). Either way the
 *        index is rebuilt from the database at start-up, and each node needs its own folder (ADR 0015)
 */
@ConfigurationProperties("loyaltydesk.knowledge")
public record KnowledgeProperties(Path indexDir) {
}
