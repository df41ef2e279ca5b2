package io.loyaltydesk.rules;

/** Only ACTIVE rules earn points. ARCHIVED rules stay for the record (awards point at their versions). */
public enum RuleStatus {
    DRAFT, ACTIVE, PAUSED, ARCHIVED
}
