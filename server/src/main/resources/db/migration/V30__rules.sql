-- Earning rules. A rule row names the rule and its current version; every saved definition is a row in
-- rule_versions that is never changed again, so awards that name (rule_id, version) stay explainable.
create table rules (
    id               bigint generated always as identity primary key,
    status           text        not null check (status in ('DRAFT','ACTIVE','PAUSED','ARCHIVED')),
    current_version  int         not null,
    name             text        not null,
    kind             text        not null,
    priority         int         not null,
    created_at       timestamptz not null,
    updated_at       timestamptz not null
);
create index rules_status_idx on rules (status);

create table rule_versions (
    rule_id     bigint      not null references rules (id),
    version     int         not null check (version >= 1),
    definition  jsonb       not null,
    created_by  text,
    created_at  timestamptz not null,
    primary key (rule_id, version)
);
