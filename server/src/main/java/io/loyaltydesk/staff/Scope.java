package io.loyaltydesk.staff;

import java.util.Arrays;
import java.util.Optional;

/** What an API key may do. Granted as the authority {@code SCOPE_<value>}. */
public enum Scope {
    MEMBERS_READ("members:read"),
    MEMBERS_WRITE("members:write"),
    POINTS_READ("points:read"),
    POINTS_WRITE("points:write"),
    PURCHASES_WRITE("purchases:write"),
    RULES_READ("rules:read"),
    RULES_WRITE("rules:write"),
    LEDGER_READ("ledger:read"),
    LEDGER_WRITE("ledger:write"),
    IMPORTS_WRITE("imports:write"),
    REWARDS_READ("rewards:read"),
    REWARDS_WRITE("rewards:write"),
    AUDIT_READ("audit:read"),
    CONVERSATIONS_READ("conversations:read"),
    CONVERSATIONS_WRITE("conversations:write"),
    METRICS_READ("metrics:read"),
    ENGAGEMENT_READ("engagement:read"),
    ENGAGEMENT_WRITE("engagement:write"),
    KNOWLEDGE_READ("knowledge:read"),
    KNOWLEDGE_WRITE("knowledge:write");

    private final String value;

    Scope(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static Optional<Scope> fromValue(String value) {
        return Arrays.stream(values()).filter(s -> s.value.equals(value)).findFirst();
    }
}
