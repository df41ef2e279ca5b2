-- Rewards: catalog, images, stock, per-member limits, redemptions, voucher codes (generated or imported pools)
-- and coupon codes. Member-scoped tables carry member_id.

-- a redemption cancelled after it was confirmed gives the points back with its own entry code
alter table ledger_transfers drop constraint ledger_transfers_code_check;
alter table ledger_transfers add constraint ledger_transfers_code_check
    check (code in ('EARN','MATURE','RESERVE','RELEASE','REDEEM','EXPIRE','ADJUST','REVERSE','TRANSFER','RECOVER',
                    'REFUND'));

create table rewards (
    id                  bigserial   primary key,
    name                text        not null,
    description         text,
    kind                text        not null check (kind in ('VOUCHER_CODE','IN_STORE_ITEM','SHIPPED_ITEM',
                                                            'POINTS_DISCOUNT','CHARITY_DONATION')),
    value_band          text        not null check (value_band in ('HIGH','MEDIUM','LOW')),
    cost_points         bigint      not null check (cost_points > 0),
    visibility          text        not null check (visibility in ('PUBLIC','TIER')),
    tier_codes          text[]      not null default '{}',
    status              text        not null check (status in ('ACTIVE','PAUSED','ARCHIVED')),
    valid_from          timestamptz,
    valid_to            timestamptz,
    -- null: unlimited; otherwise what is left to hand out (never below zero: the guarded update keeps it so)
    stock_left          int         check (stock_left >= 0),
    limit_per_member    int         check (limit_per_member > 0),
    -- points-to-money discounts: the amount the voucher takes off at the till
    discount_minor      bigint      check (discount_minor > 0),
    currency            text,
    code_source         text        not null check (code_source in ('NONE','GENERATED','POOL')),
    code_length         int         not null default 12,
    code_alphabet       text        not null default '23456789ABCDEFGHJKMNPQRSTUVWXYZ',
    code_valid_days     int         check (code_valid_days > 0),
    code_uses_max       int         not null default 1 check (code_uses_max > 0),
    store_ids           bigint[]    not null default '{}',
    low_pool_threshold  int         not null default 10 check (low_pool_threshold >= 0),
    low_pool            boolean     not null default false,
    has_image           boolean     not null default false,
    version             int         not null default 1,
    created_at          timestamptz not null,
    updated_at          timestamptz not null,
    check (valid_to is null or valid_from is null or valid_to > valid_from)
);

create table reward_images (
    reward_id     bigint      primary key references rewards (id),
    content_type  text        not null check (content_type in ('image/png','image/jpeg','image/webp')),
    content       bytea       not null check (octet_length(content) <= 2097152),
    created_at    timestamptz not null
);

-- how many of a reward a member holds (not cancelled): the guarded upsert enforces the per-member limit
create table reward_member_counts (
    member_id   bigint      not null,
    reward_id   bigint      not null references rewards (id),
    quantity    int         not null check (quantity >= 0),
    created_at  timestamptz not null,
    primary key (member_id, reward_id)
);

create table redemptions (
    id               bigserial   primary key,
    member_id        bigint      not null,
    reward_id        bigint      not null references rewards (id),
    quantity         int         not null check (quantity > 0),
    points           bigint      not null check (points > 0),
    status           text        not null check (status in ('ISSUED','USED','COMPLETED','REQUESTED','PACKED',
                                                            'SHIPPED','DELIVERED','RETURNED','CANCELLED')),
    reservation_id   bigint      not null,
    shipping_address text,
    tracking         text,
    refund_transfer_id bigint,
    created_at       timestamptz not null,
    updated_at       timestamptz not null
);
create index redemptions_member_idx on redemptions (member_id, id desc);
create index redemptions_reward_idx on redemptions (reward_id, id desc);
create index redemptions_status_idx on redemptions (status, id desc);

create table voucher_codes (
    id             bigserial   primary key,
    reward_id      bigint      not null references rewards (id),
    code           text        not null unique,
    source         text        not null check (source in ('GENERATED','POOL')),
    status         text        not null check (status in ('AVAILABLE','ISSUED','USED','VOID')),
    member_id      bigint,
    redemption_id  bigint      references redemptions (id),
    uses           int         not null default 0,
    uses_max       int         not null default 1,
    expires_at     timestamptz,
    issued_at      timestamptz,
    used_at        timestamptz,
    used_store_id  bigint,
    created_at     timestamptz not null,
    check (uses <= uses_max)
);
create index voucher_codes_pool_idx on voucher_codes (reward_id, id) where status = 'AVAILABLE';
create index voucher_codes_redemption_idx on voucher_codes (redemption_id);

create table coupons (
    id           bigserial     primary key,
    code         text          not null unique,
    name         text          not null,
    kind         text          not null check (kind in ('POINTS','MULTIPLIER')),
    points       bigint        check (points > 0),
    factor       numeric(6,2)  check (factor > 1),
    valid_from   timestamptz,
    valid_to     timestamptz,
    uses_max     int           check (uses_max > 0),
    uses         int           not null default 0,
    active       boolean       not null default true,
    created_at   timestamptz   not null,
    check ((kind = 'POINTS') = (points is not null)),
    check ((kind = 'MULTIPLIER') = (factor is not null)),
    check (uses_max is null or uses <= uses_max)
);

-- once per member: the primary key is the rule
create table coupon_uses (
    member_id     bigint      not null,
    coupon_id     bigint      not null references coupons (id),
    status        text        not null check (status in ('GRANTED','ACTIVATED','USED')),
    points        bigint,
    purchase_id   bigint,
    created_at    timestamptz not null,
    used_at       timestamptz,
    primary key (member_id, coupon_id)
);
create index coupon_uses_activated_idx on coupon_uses (member_id, created_at) where status = 'ACTIVATED';
