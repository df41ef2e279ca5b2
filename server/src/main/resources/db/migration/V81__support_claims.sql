-- Support: typed conversations. A missing-points claim is a conversation with the receipt data the member gave;
-- the agent attaches the matching unassigned purchase, which is then recorded here.
create table conversation_claims (
    conversation_id     bigint      primary key references conversations (id),
    member_id           bigint      not null references members (id),
    kind                text        not null check (kind in ('MISSING_POINTS')),
    receipt_number      text        not null,
    store_code          text,
    purchased_on        date        not null,
    amount              numeric(14, 2) not null,
    note                text,
    purchase_id         bigint,
    points_earned       bigint,
    attached_by         text,
    attached_at         timestamptz,
    created_at          timestamptz not null
);

create index conversation_claims_member on conversation_claims (member_id, conversation_id desc);
create index conversation_claims_open on conversation_claims (receipt_number) where purchase_id is null;
