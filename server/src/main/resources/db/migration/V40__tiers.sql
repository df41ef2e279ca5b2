-- Tiers: the program's tier definitions, its one qualification setting, each member's tier and the activity
-- (purchases and returns) that tier qualification is measured on. The activity is the tiers module's own copy,
-- fed by purchase events, so that qualification is set-based SQL over one table and never reads the ledger.

create table tier_program (
    id            int         primary key check (id = 1),
    metric        text        not null check (metric in ('POINTS','SPEND','VISITS')),
    window_kind   text        not null check (window_kind in ('ROLLING_MONTHS','CALENDAR_YEAR')),
    window_months int         not null check (window_months between 1 and 36),
    grace_days    int         not null check (grace_days between 0 and 365),
    created_at    timestamptz not null,
    updated_at    timestamptz not null
);
insert into tier_program (id, metric, window_kind, window_months, grace_days, created_at, updated_at)
values (1, 'POINTS', 'CALENDAR_YEAR', 12, 0, now(), now());

create table tiers (
    code                  text          primary key,
    name                  text          not null,
    rank                  int           not null unique check (rank >= 0),
    colour                text          not null check (colour ~ '^#[0-9A-Fa-f]{6}$'),
    benefits              text,
    earn_multiplier_hint  numeric(6,2),
    threshold             numeric(14,2) not null check (threshold >= 0),
    created_at            timestamptz   not null,
    updated_at            timestamptz   not null
);

-- One row per member whose tier was ever evaluated (no row = the base tier).
-- period_end: when the current tier comes up for review (null for the base tier).
create table tier_memberships (
    member_id           bigint      primary key,
    tier_code           text        not null,
    qualified_at        timestamptz not null,
    period_end          timestamptz,
    override_tier_code  text,
    override_until      timestamptz,
    override_reason     text,
    override_by         text,
    created_at          timestamptz not null,
    updated_at          timestamptz not null,
    check ((override_tier_code is null) = (override_until is null))
);
create index tier_memberships_review_idx on tier_memberships (period_end) where period_end is not null;
create index tier_memberships_override_idx on tier_memberships (override_until) where override_until is not null;

-- Purchases (+) and returns (-). A return is dated at its purchase's occurred_at, so it lowers the period the
-- purchase counted in.
create table tier_activity (
    member_id    bigint        not null,
    id           bigint        generated always as identity,
    purchase_id  bigint        not null,
    kind         text          not null check (kind in ('PURCHASE','RETURN')),
    occurred_at  timestamptz   not null,
    points       bigint        not null,
    spend        numeric(14,2) not null,
    visits       int           not null,
    created_at   timestamptz   not null,
    primary key (member_id, id)
);
create unique index tier_activity_purchase_once on tier_activity (member_id, purchase_id) where kind = 'PURCHASE';
create index tier_activity_window_idx on tier_activity (member_id, occurred_at) include (points, spend, visits);
