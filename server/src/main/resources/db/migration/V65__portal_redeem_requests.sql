-- Portal: one row per redeem form the member submitted, keyed by the one-time key the confirmation page put in
-- the form. A second submit of the same form (double click, reload, back and submit) finds the row and shows the
-- first redemption instead of redeeming again.
create table portal_redeem_requests (
    member_id       bigint      not null references members (id),
    request_key     uuid        not null,
    reward_id       bigint      not null,
    -- null only inside the transaction that redeems
    redemption_id   bigint,
    created_at      timestamptz not null,
    primary key (member_id, request_key)
);
