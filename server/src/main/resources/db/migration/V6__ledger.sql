-- The points ledger: double-entry, integer amounts, append-only transfers.
-- Each member has one account per state (AVAILABLE, PENDING, RESERVED, DEBT) and asset; the program has
-- source and sink accounts (ISSUED, REDEEMED, EXPIRED, ADJUSTMENTS), striped 16 ways so that no single row
-- is updated by every purchase. Every transfer debits one account and credits another, so all balances
-- sum to zero; each account's stored balance equals its credits minus its debits.

create table ledger_accounts (
    id          bigint generated always as identity primary key,
    asset       text        not null,
    kind        text        not null check (kind in ('AVAILABLE','PENDING','RESERVED','DEBT',
                                                      'ISSUED','REDEEMED','EXPIRED','ADJUSTMENTS')),
    member_id   bigint,
    stripe      int         not null default 0,
    balance     bigint      not null default 0,
    created_at  timestamptz not null,
    updated_at  timestamptz not null,
    constraint ledger_accounts_owner check ((member_id is null) = (kind in ('ISSUED','REDEEMED','EXPIRED','ADJUSTMENTS')))
);
create unique index ledger_accounts_member_key on ledger_accounts (member_id, asset, kind) where member_id is not null;
create unique index ledger_accounts_program_key on ledger_accounts (asset, kind, stripe) where member_id is null;

create table ledger_transfers (
    id                 bigint generated always as identity primary key,
    asset              text        not null,
    member_id          bigint      not null,
    counterparty_id    bigint,
    debit_account_id   bigint      not null references ledger_accounts (id),
    credit_account_id  bigint      not null references ledger_accounts (id),
    amount             bigint      not null check (amount > 0),
    code               text        not null check (code in ('EARN','MATURE','RESERVE','RELEASE','REDEEM','EXPIRE',
                                                             'ADJUST','REVERSE','TRANSFER','RECOVER')),
    corrects_id        bigint      references ledger_transfers (id),
    source_type        text,
    source_id          text,
    rule_id            bigint,
    rule_version       int,
    explanation        text        not null,
    actor              text        not null,
    occurred_at        timestamptz not null,
    created_at         timestamptz not null,
    check (debit_account_id <> credit_account_id)
);
create index ledger_transfers_member_idx on ledger_transfers (member_id, id desc);
create index ledger_transfers_counterparty_idx on ledger_transfers (counterparty_id, id desc) where counterparty_id is not null;
create index ledger_transfers_source_idx on ledger_transfers (source_type, source_id);
create index ledger_transfers_debit_idx on ledger_transfers (debit_account_id);
create index ledger_transfers_credit_idx on ledger_transfers (credit_account_id);

-- What each earn added: spending draws lots closest to expiry first, so expiry, reversal and liability
-- are exact. remaining is the only column that changes (together with matured, once).
create table ledger_lots (
    id                bigint generated always as identity primary key,
    member_id         bigint      not null,
    asset             text        not null,
    transfer_id       bigint      not null references ledger_transfers (id),
    amount            bigint      not null check (amount > 0),
    remaining         bigint      not null check (remaining >= 0),
    available_at      timestamptz not null,
    expires_at        timestamptz,
    matured           boolean     not null,
    created_at        timestamptz not null,
    check (remaining <= amount)
);
create index ledger_lots_member_open_idx on ledger_lots (member_id, asset, expires_at nulls last, id) where remaining > 0;
create index ledger_lots_expiry_idx on ledger_lots (expires_at) where remaining > 0 and matured;
create index ledger_lots_maturity_idx on ledger_lots (available_at) where not matured and remaining > 0;
create index ledger_lots_transfer_idx on ledger_lots (transfer_id);

-- Which lots a spending transfer drew from (negative amounts put points back, on a released reservation).
create table ledger_lot_draws (
    transfer_id  bigint not null references ledger_transfers (id),
    lot_id       bigint not null references ledger_lots (id),
    member_id    bigint not null,
    amount       bigint not null check (amount <> 0),
    created_at   timestamptz not null,
    primary key (transfer_id, lot_id)
);
create index ledger_lot_draws_lot_idx on ledger_lot_draws (lot_id);

create table ledger_reservations (
    id                 bigint generated always as identity primary key,
    member_id          bigint      not null,
    asset              text        not null,
    amount             bigint      not null check (amount > 0),
    reference          text,
    status             text        not null check (status in ('RESERVED','CONFIRMED','CANCELLED','EXPIRED')),
    expires_at         timestamptz not null,
    reserve_transfer_id bigint     not null references ledger_transfers (id),
    settle_transfer_id  bigint     references ledger_transfers (id),
    created_by         text        not null,
    created_at         timestamptz not null,
    updated_at         timestamptz not null
);
create index ledger_reservations_member_idx on ledger_reservations (member_id, id desc);
create index ledger_reservations_open_idx on ledger_reservations (expires_at) where status = 'RESERVED';

create table ledger_adjustments (
    id            bigint generated always as identity primary key,
    member_id     bigint      not null,
    asset         text        not null,
    amount        bigint      not null check (amount <> 0),
    reason        text        not null,
    comment       text,
    source_type   text,
    source_id     text,
    status        text        not null check (status in ('APPLIED','PENDING_APPROVAL','APPROVED','REJECTED')),
    requested_by  text        not null,
    decided_by    text,
    decided_at    timestamptz,
    transfer_id   bigint      references ledger_transfers (id),
    created_at    timestamptz not null
);
create index ledger_adjustments_pending_idx on ledger_adjustments (created_at) where status = 'PENDING_APPROVAL';
create index ledger_adjustments_member_idx on ledger_adjustments (member_id, id desc);

-- Program settings of the points ledger; one row.
create table ledger_settings (
    id                         int         primary key check (id = 1),
    pending_days               int         not null check (pending_days between 0 and 365),
    expiry_policy              text        not null check (expiry_policy in ('NEVER','MONTHS_AFTER_EARN',
                                                                             'END_OF_QUARTER_AFTER_MONTHS',
                                                                             'END_OF_YEAR_AFTER_MONTHS')),
    expiry_months              int         not null check (expiry_months between 1 and 120),
    point_value_minor          numeric(12,4) not null check (point_value_minor >= 0),
    currency                   text        not null,
    allow_negative_balance     boolean     not null,
    member_transfers_enabled   boolean     not null,
    adjustment_approval_limit  bigint      not null check (adjustment_approval_limit >= 0),
    reservation_timeout_minutes int        not null check (reservation_timeout_minutes between 1 and 1440),
    updated_at                 timestamptz not null
);
insert into ledger_settings values (1, 0, 'MONTHS_AFTER_EARN', 12, 1.0, 'EUR', false, false, 500, 15, now());

create function ledger_transfers_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'ledger_transfers is append-only (% refused)', tg_op;
end;
$$;
create trigger ledger_transfers_append_only before update or delete on ledger_transfers
    for each row execute function ledger_transfers_append_only();
