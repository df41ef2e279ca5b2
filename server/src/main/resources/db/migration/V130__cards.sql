-- The lifecycle of loyalty cards. A card number is an identifier of kind CARD in member_identifiers (that is how
-- tills find the member); a row here records what happened to the card beyond "active": blocked (lost, stolen,
-- damaged), replaced and by which card, and the cards this module issued as replacements. A card with no row
-- here is simply active.
create table cards (
    member_id     bigint      not null references members (id),
    number        text        not null,
    status        text        not null check (status in ('ACTIVE','BLOCKED','REPLACED')),
    block_reason  text        check (block_reason in ('LOST','STOLEN','DAMAGED')),
    comment       text,
    blocked_at    timestamptz,
    blocked_by    text,
    replaced_by   text,
    replaces      text,
    issued_at     timestamptz,
    issued_by     text,
    created_at    timestamptz not null,
    primary key (member_id, number),
    check (status = 'ACTIVE' or (block_reason is not null and blocked_at is not null)),
    check (status <> 'REPLACED' or replaced_by is not null)
);
create unique index cards_number_key on cards (number);
