-- Challenges (badges to earn), the engagement module's own copy of purchase activity they are measured on, and
-- the badges members earned.

create table challenges (
    id             bigint        generated always as identity primary key,
    name           text          not null,
    description    text,
    icon           text          not null,
    kind           text          not null check (kind in ('VISITS','STREAK_WEEKS','CATEGORY_SPEND','STORES')),
    target         numeric(14,2) not null check (target > 0),
    category       text,
    starts_on      date          not null,
    ends_on        date,
    reward_points  bigint        not null default 0 check (reward_points >= 0),
    created_at     timestamptz   not null,
    updated_at     timestamptz   not null,
    check (ends_on is null or ends_on >= starts_on),
    check ((kind = 'CATEGORY_SPEND') = (category is not null))
);

-- One row per purchase of a member; returned_amount grows with each return (counted once per return id).
create table engagement_purchases (
    member_id        bigint        not null,
    purchase_id      bigint        not null,
    occurred_at      timestamptz   not null,
    store_code       text,
    total_amount     numeric(14,2) not null,
    returned_amount  numeric(14,2) not null default 0,
    created_at       timestamptz   not null,
    primary key (member_id, purchase_id)
);
create index engagement_purchases_time_idx on engagement_purchases (member_id, occurred_at);

create table engagement_purchase_categories (
    member_id    bigint        not null,
    purchase_id  bigint        not null,
    category     text          not null,
    amount       numeric(14,2) not null,
    primary key (member_id, purchase_id, category)
);

create table engagement_returns (
    member_id    bigint      not null,
    return_id    bigint      not null,
    purchase_id  bigint      not null,
    created_at   timestamptz not null,
    primary key (member_id, return_id)
);

-- A badge is earned once: the primary key is what keeps replays and returns from awarding it twice.
create table earned_badges (
    member_id      bigint      not null,
    challenge_id   bigint      not null references challenges (id),
    earned_at      timestamptz not null,
    points_awarded bigint      not null default 0,
    created_at     timestamptz not null,
    primary key (member_id, challenge_id)
);
create index earned_badges_challenge_idx on earned_badges (challenge_id);

-- One row per member with activity: locked while a purchase or return of the member is counted, so purchases
-- processed at the same time are counted one after the other and each sees the ones before it.
create table engagement_members (
    member_id   bigint      primary key,
    created_at  timestamptz not null
);
