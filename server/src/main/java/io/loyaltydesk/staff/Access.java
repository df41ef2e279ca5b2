package io.loyaltydesk.staff;

/**
 * The access rules that controllers declare with {@code @PreAuthorize}, named once so that every
 * endpoint reads the same and a test can walk them. API keys carry {@code SCOPE_*} authorities,
 * staff carry {@code ROLE_*} authorities.
 */
public final class Access {

    private Access() {
    }

    public static final String API_MEMBERS_READ = "hasAuthority('SCOPE_members:read')";
    public static final String API_MEMBERS_WRITE = "hasAuthority('SCOPE_members:write')";
    public static final String API_POINTS_READ = "hasAuthority('SCOPE_points:read')";
    public static final String API_POINTS_WRITE = "hasAuthority('SCOPE_points:write')";
    public static final String API_PURCHASES_WRITE = "hasAuthority('SCOPE_purchases:write')";
    public static final String API_RULES_READ = "hasAuthority('SCOPE_rules:read')";
    public static final String API_RULES_WRITE = "hasAuthority('SCOPE_rules:write')";
    public static final String API_LEDGER_READ = "hasAuthority('SCOPE_ledger:read')";
    public static final String API_LEDGER_WRITE = "hasAuthority('SCOPE_ledger:write')";
    public static final String API_IMPORTS_WRITE = "hasAuthority('SCOPE_imports:write')";
    public static final String API_REWARDS_READ = "hasAuthority('SCOPE_rewards:read')";
    public static final String API_REWARDS_WRITE = "hasAuthority('SCOPE_rewards:write')";
    public static final String API_AUDIT_READ = "hasAuthority('SCOPE_audit:read')";
    public static final String API_CONVERSATIONS_READ = "hasAuthority('SCOPE_conversations:read')";
    public static final String API_CONVERSATIONS_WRITE = "hasAuthority('SCOPE_conversations:write')";
    public static final String API_ENGAGEMENT_READ = "hasAuthority('SCOPE_engagement:read')";
    public static final String API_ENGAGEMENT_WRITE = "hasAuthority('SCOPE_engagement:write')";
    public static final String API_KNOWLEDGE_READ = "hasAuthority('SCOPE_knowledge:read')";
    public static final String API_KNOWLEDGE_WRITE = "hasAuthority('SCOPE_knowledge:write')";

    /** Every staff role may look at members. */
    public static final String STAFF_ANY = "hasAnyRole('ADMIN','PROGRAM_MANAGER','SUPERVISOR','AGENT','STORE_STAFF','READ_ONLY')";
    /** Enrolling and editing members: everyone but read-only staff. */
    public static final String STAFF_MEMBERS_EDIT = "hasAnyRole('ADMIN','PROGRAM_MANAGER','SUPERVISOR','AGENT','STORE_STAFF')";
    /** Merging, erasing and blocking members: decisions with consequences. */
    public static final String STAFF_MEMBERS_MANAGE = "hasAnyRole('ADMIN','PROGRAM_MANAGER','SUPERVISOR')";
    public static final String STAFF_AUDIT_READ = "hasAnyRole('ADMIN','PROGRAM_MANAGER','SUPERVISOR','READ_ONLY')";
    public static final String STAFF_ADMIN = "hasRole('ADMIN')";
    /** Program configuration: rules, ledger settings. */
    public static final String STAFF_PROGRAM = "hasAnyRole('ADMIN','PROGRAM_MANAGER')";
    /** Goodwill and corrections of points (large ones still need a second person). */
    public static final String STAFF_POINTS_ADJUST = "hasAnyRole('ADMIN','PROGRAM_MANAGER','SUPERVISOR','AGENT')";
    /** Approving adjustments above the limit. */
    public static final String STAFF_POINTS_APPROVE = "hasAnyRole('ADMIN','PROGRAM_MANAGER','SUPERVISOR')";
    /** The counter page: validating and redeeming vouchers; every role that works with members. */
    public static final String STAFF_COUNTER = "hasAnyRole('ADMIN','PROGRAM_MANAGER','SUPERVISOR','AGENT','STORE_STAFF')";
    /** The support desk: answering members, with goodwill points up to the ledger's approval limit. */
    public static final String STAFF_DESK = "hasAnyRole('ADMIN','SUPERVISOR','AGENT','PROGRAM_MANAGER')";
    /** Seeing the stores and taking the program live store by store (phased rollout). */
    public static final String STAFF_ROLLOUT = "hasAnyRole('ADMIN','PROGRAM_MANAGER')";
    /** Reading the knowledge base, drafts included: everyone who answers or manages members. */
    public static final String STAFF_KNOWLEDGE_READ = "hasAnyRole('ADMIN','PROGRAM_MANAGER','SUPERVISOR','AGENT')";
    /** Writing, publishing and unpublishing help articles. */
    public static final String STAFF_KNOWLEDGE_EDIT = "hasAnyRole('ADMIN','PROGRAM_MANAGER','SUPERVISOR')";
    /** NPS campaigns and survey results (CSAT and NPS). */
    public static final String STAFF_SURVEYS = "hasAnyRole('ADMIN','PROGRAM_MANAGER','SUPERVISOR')";
    /** Support desk set-up: teams, routing rules, SLA policies and calendars, macros. */
    public static final String STAFF_SUPPORT_MANAGE = "hasAnyRole('ADMIN','SUPERVISOR')";
}
