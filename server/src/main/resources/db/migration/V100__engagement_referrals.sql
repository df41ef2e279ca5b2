-- Referrals: the program's one referral setting, each member's code, and who joined with whose code.

create table referral_settings (
    id                   int           primary key check (id = 1),
    enabled              boolean       not null,
    referrer_points      bigint        not null check (referrer_points >= 0),
    referred_points      bigint        not null check (referred_points >= 0),
    min_purchase_amount  numeric(14,2) not null check (min_purchase_amount >= 0),
    qualify_days         int           not null check (qualify_days between 1 and 365),
    monthly_cap          int           not null check (monthly_cap between 0 and 1000),
    created_at           timestamptz   not null,
    updated_at           timestamptz   not null
);
insert into referral_settings (id, enabled, referrer_points, referred_points, min_purchase_amount, qualify_days,
                               monthly_cap, created_at, updated_at)
values (1, true, 100, 50, 10.00, 30, 5, now(), now());

-- A member's code is given the first time it is asked for; link_opens counts join pages opened through it.
create table referral_codes (
    member_id   bigint      primary key,
    code        text        not null unique,
    link_opens  bigint      not null default 0,
    created_at  timestamptz not null
);

-- One row per member who joined with a code (member_id: the new member; a member is referred once at most).
-- QUALIFIED rows carry what each side was given; referrer_points = 0 with capped = true when the referrer had
-- reached the monthly cap.
create table referrals (
    member_id           bigint      primary key,
    referrer_member_id  bigint      not null,
    code                text        not null,
    status              text        not null check (status in ('JOINED','QUALIFIED')),
    joined_at           timestamptz not null,
    qualify_until       timestamptz not null,
    qualified_at        timestamptz,
    purchase_id         bigint,
    referrer_points     bigint      not null default 0,
    referred_points     bigint      not null default 0,
    capped              boolean     not null default false,
    created_at          timestamptz not null,
    updated_at          timestamptz not null,
    check (member_id <> referrer_member_id),
    check ((status = 'QUALIFIED') = (qualified_at is not null))
);
create index referrals_referrer_idx on referrals (referrer_member_id, created_at);
