-- Staff who log in to the console and the support desk.
create table staff_accounts (
    id                bigint generated always as identity primary key,
    username          text        not null,
    display_name      text        not null,
    email             text,
    password_hash     text        not null,
    roles             text[]      not null,
    enabled           boolean     not null default true,
    failed_logins     int         not null default 0,
    locked_until      timestamptz,
    last_login_at     timestamptz,
    created_at        timestamptz not null,
    updated_at        timestamptz not null,
    constraint staff_accounts_roles_known check (
        roles <@ array['ADMIN','PROGRAM_MANAGER','SUPERVISOR','AGENT','STORE_STAFF','READ_ONLY']::text[]
        and cardinality(roles) > 0)
);
create unique index staff_accounts_username_key on staff_accounts (lower(username));

-- Keys for integrations. Only a SHA-256 hash of the secret is kept; the prefix finds the row.
create table api_keys (
    id            bigint generated always as identity primary key,
    name          text        not null,
    prefix        text        not null unique,
    secret_hash   bytea       not null,
    scopes        text[]      not null,
    created_by    text        not null,
    created_at    timestamptz not null,
    last_used_at  timestamptz,
    revoked_at    timestamptz,
    revoked_by    text
);

-- Stores and regions of the business; the program can go live store by store.
create table stores (
    id          bigint generated always as identity primary key,
    code        text        not null unique,
    name        text        not null,
    region      text        not null,
    city        text,
    live        boolean     not null default true,
    created_at  timestamptz not null
);
