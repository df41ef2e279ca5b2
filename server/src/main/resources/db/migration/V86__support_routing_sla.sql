-- Support desk workspace: teams and routing, agents' availability and capacity, tags, SLA policies on business-hours
-- calendars, desk notifications, macros, per-conversation metrics and full-text search. See docs/adr/0013.

create table support_agents (
    username            text        primary key,
    available           boolean     not null default false,
    -- most NEW or OPEN conversations the router gives this agent at once
    capacity            int         not null default 5 check (capacity between 0 and 1000),
    last_assigned_at    timestamptz,
    created_at          timestamptz not null,
    updated_at          timestamptz not null
);

create table support_teams (
    id                  bigserial   primary key,
    name                text        not null,
    -- a staff username told about SLA breaches; the desk's supervisors when null
    supervisor          text,
    assignment          text        not null default 'ROUND_ROBIN'
                                    check (assignment in ('MANUAL','ROUND_ROBIN','CAPACITY')),
    created_at          timestamptz not null,
    updated_at          timestamptz not null
);
create unique index support_teams_name on support_teams (lower(name));

create table support_team_members (
    team_id             bigint      not null references support_teams (id) on delete cascade,
    username            text        not null,
    created_at          timestamptz not null,
    primary key (team_id, username)
);
create index support_team_members_username on support_team_members (username);

-- first matching rule (lowest position) wins; a rule without conditions matches every conversation
create table support_routing_rules (
    id                  bigserial   primary key,
    position            int         not null,
    channel             text        check (channel in ('EMAIL','CHAT','WEB_FORM','SMS','SOCIAL','API')),
    tag                 text,
    tier_code           text,
    team_id             bigint      not null references support_teams (id) on delete cascade,
    -- raised to at least this priority when the rule matches
    priority            text        check (priority in ('LOW','NORMAL','HIGH','URGENT')),
    created_at          timestamptz not null
);

create table support_calendars (
    id                  bigserial   primary key,
    name                text        not null unique,
    time_zone           text        not null,
    created_at          timestamptz not null,
    updated_at          timestamptz not null
);

create table support_calendar_hours (
    calendar_id         bigint      not null references support_calendars (id) on delete cascade,
    -- ISO: 1 = Monday .. 7 = Sunday
    day_of_week         int         not null check (day_of_week between 1 and 7),
    opens_at            time        not null,
    closes_at           time        not null check (closes_at > opens_at),
    primary key (calendar_id, day_of_week, opens_at)
);

create table support_calendar_holidays (
    calendar_id         bigint      not null references support_calendars (id) on delete cascade,
    day                 date        not null,
    name                text        not null,
    primary key (calendar_id, day)
);

create table support_sla_policies (
    id                  bigserial   primary key,
    name                text        not null unique,
    -- null: targets run around the clock
    calendar_id         bigint      references support_calendars (id),
    -- the one policy new conversations get
    is_default          boolean     not null default false,
    created_at          timestamptz not null,
    updated_at          timestamptz not null
);
create unique index support_sla_policies_one_default on support_sla_policies (is_default) where is_default;

create table support_sla_targets (
    policy_id               bigint  not null references support_sla_policies (id) on delete cascade,
    priority                text    not null check (priority in ('LOW','NORMAL','HIGH','URGENT')),
    first_response_minutes  int     not null check (first_response_minutes > 0),
    next_response_minutes   int     not null check (next_response_minutes > 0),
    resolution_minutes      int     not null check (resolution_minutes > 0),
    primary key (policy_id, priority)
);

alter table conversations
    add column team_id                bigint      references support_teams (id) on delete set null,
    add column tags                   text[]      not null default '{}',
    add column sla_policy_id          bigint      references support_sla_policies (id) on delete set null,
    add column first_response_due_at  timestamptz,
    add column next_response_due_at   timestamptz,
    add column resolution_due_at      timestamptz,
    -- the due time already escalated, so a breach escalates once
    add column sla_escalated_for      timestamptz,
    add column search_doc             tsvector,
    -- the earliest target still to meet; null once solved or closed
    add column sla_due_at             timestamptz generated always as (
        case when status in ('SOLVED','CLOSED') then null
             else least(case when first_response_at is null then first_response_due_at end,
                        next_response_due_at, resolution_due_at) end) stored;

-- inbox views: by team, breached SLA (due times in the past), by tag, search
create index conversations_team_id on conversations (team_id, id desc) where team_id is not null;
create index conversations_sla_due on conversations (sla_due_at) where sla_due_at is not null;
create index conversations_tags on conversations using gin (tags);
create index conversations_search on conversations using gin (search_doc);
-- the router counts each agent's open load
create index conversations_assignee_open on conversations (assignee) where status in ('NEW','OPEN');
-- the auto-close job
create index conversations_solved_at on conversations (solved_at) where status = 'SOLVED';

create table support_notifications (
    id                  bigserial   primary key,
    recipient           text        not null,
    kind                text        not null check (kind in ('MENTION','ESCALATION')),
    conversation_id     bigint      not null references conversations (id),
    text                text        not null,
    read_at             timestamptz,
    created_at          timestamptz not null
);
create index support_notifications_recipient on support_notifications (recipient, id desc);

create table support_macros (
    id                  bigserial   primary key,
    name                text        not null,
    body                text        not null,
    -- applied with the reply when set
    set_status          text        check (set_status in ('NEW','OPEN','PENDING','ON_HOLD','SOLVED','CLOSED')),
    add_tags            text[]      not null default '{}',
    created_at          timestamptz not null,
    updated_at          timestamptz not null
);
create unique index support_macros_name on support_macros (lower(name));

-- for reporting; written as the conversation moves, never recomputed from the thread
create table conversation_metrics (
    conversation_id             bigint      primary key references conversations (id),
    member_id                   bigint,
    first_response_seconds      bigint,
    replies                     int         not null default 0,
    reopens                     int         not null default 0,
    handling_seconds            bigint,
    resolved_on_first_contact   boolean,
    created_at                  timestamptz not null,
    updated_at                  timestamptz not null
);
