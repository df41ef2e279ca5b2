create extension if not exists pg_trgm;

create sequence member_number_seq start with 100000001 maxvalue 999999999;

create table members (
    id             bigint generated always as identity primary key,
    member_number  text        not null unique,
    status         text        not null check (status in ('ACTIVE','BLOCKED','CLOSED','MERGED')),
    first_name     text,
    last_name      text,
    birth_date     date,
    locale         text,
    home_store_id  bigint references stores (id),
    enrolled_via   text        not null,
    merged_into    bigint references members (id),
    erased_at      timestamptz,
    version        int         not null default 0,
    created_at     timestamptz not null,
    updated_at     timestamptz not null
);
create index members_name_trgm_idx on members
    using gin ((coalesce(first_name, '') || ' ' || coalesce(last_name, '')) gin_trgm_ops);

-- Every way to find a member. Values are normalised: email lower-cased, phone in E.164.
-- (kind, value) is unique across members: one email, phone, card or external id names one member.
create table member_identifiers (
    member_id   bigint      not null references members (id),
    kind        text        not null check (kind in ('EMAIL','PHONE','CARD','EXTERNAL_ID')),
    value       text        not null,
    is_primary  boolean     not null default false,
    created_at  timestamptz not null,
    primary key (member_id, kind, value)
);
create unique index member_identifiers_value_key on member_identifiers (kind, value);

create table member_consents (
    member_id   bigint      not null references members (id),
    channel     text        not null check (channel in ('EMAIL','SMS','PUSH')),
    granted     boolean     not null,
    source      text        not null,
    changed_at  timestamptz not null,
    created_at  timestamptz not null,
    primary key (member_id, channel)
);

create table member_merges (
    member_id        bigint      not null references members (id),
    duplicate_id     bigint      not null references members (id),
    moved_identifiers jsonb      not null,
    reason           text        not null,
    merged_by        text        not null,
    created_at       timestamptz not null,
    primary key (member_id, duplicate_id)
);
