-- Links and codes sent to members: email verification, password reset, a new email or phone to confirm.
-- Only a SHA-256 hash of the token is kept; each is single use and expires.
create table member_login_tokens (
    member_id   bigint      not null,
    id          bigint      generated always as identity,
    purpose     text        not null check (purpose in ('VERIFY_EMAIL', 'RESET_PASSWORD', 'CHANGE_EMAIL', 'CHANGE_PHONE')),
    token_hash  text        not null,
    new_value   text,
    attempts    int         not null default 0,
    expires_at  timestamptz not null,
    used_at     timestamptz,
    created_at  timestamptz not null,
    primary key (member_id, id)
);
create index member_login_tokens_hash on member_login_tokens (token_hash);

-- Welcome points are granted once, when the member first verifies their email.
alter table member_logins add column welcomed_at timestamptz;

-- Points a member gets for joining through the portal and verifying their email; 0 = none.
alter table portal_branding add column welcome_points int not null default 0 check (welcome_points between 0 and 100000);
