-- Purchases from tills and web shops. (source, external_id) is the caller's own receipt number and makes
-- intake idempotent: the same purchase sent again gets the first answer.
create table purchases (
    id               bigint generated always as identity primary key,
    source           text          not null,
    external_id      text          not null,
    member_id        bigint,
    identified_by    text,
    store_code       text,
    channel          text          not null,
    occurred_at      timestamptz   not null,
    currency         text          not null,
    total_amount     numeric(14,2) not null check (total_amount >= 0),
    returned_amount  numeric(14,2) not null default 0,
    lines            jsonb         not null,
    request_hash     bytea         not null,
    response         jsonb,
    points_earned    bigint        not null default 0,
    points_reversed  bigint        not null default 0,
    assigned_at      timestamptz,
    created_at       timestamptz   not null,
    constraint purchases_source_external_key unique (source, external_id)
);
create index purchases_member_idx on purchases (member_id, occurred_at desc) where member_id is not null;
create index purchases_unassigned_idx on purchases (external_id) where member_id is null;
create index purchases_occurred_idx on purchases (occurred_at);

-- Which rule gave which points on a purchase; also the usage that per-member caps count.
create table purchase_awards (
    purchase_id   bigint      not null references purchases (id),
    member_id     bigint      not null,
    rule_id       bigint      not null,
    rule_version  int         not null,
    rule_name     text        not null,
    points        bigint      not null,
    explanation   text        not null,
    transfer_id   bigint,
    occurred_at   timestamptz not null,
    created_at    timestamptz not null,
    primary key (purchase_id, rule_id)
);
create index purchase_awards_usage_idx on purchase_awards (member_id, rule_id, occurred_at);

create table purchase_returns (
    id               bigint generated always as identity primary key,
    purchase_id      bigint        not null references purchases (id),
    member_id        bigint,
    external_id      text          not null,
    amount           numeric(14,2) not null check (amount > 0),
    lines            jsonb,
    request_hash     bytea         not null,
    response         jsonb         not null,
    points_reversed  bigint        not null,
    created_at       timestamptz   not null,
    constraint purchase_returns_key unique (purchase_id, external_id)
);
