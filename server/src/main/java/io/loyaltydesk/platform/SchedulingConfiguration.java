package io.loyaltydesk.platform;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Housekeeping that is safe on every node at once (idempotent deletes). Jobs that must run once per
 * cluster use db-scheduler instead.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class SchedulingConfiguration {
}
