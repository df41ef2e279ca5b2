-- How members log in to the portal: one login per member, found by email (stored lower-cased).
-- Failed logins lock the login for a while; the count survives restarts and is shared by all nodes.
-- email_verified_at stays empty until the project can send mail (verification is not built yet).
create table member_logins (
    member_id          bigint      primary key,
    email              text        not null check (email = lower(email)),
    password_hash      text        not null,
    email_verified_at  timestamptz,
    failed_logins      int         not null default 0,
    locked_until       timestamptz,
    created_at         timestamptz not null,
    updated_at         timestamptz not null
);
create unique index member_logins_email_key on member_logins (email);
