-- CSAT: one survey per solved conversation with a linked member, answered 1-5 with a comment, changeable for a
-- while. The survey link is signed (HMAC) and never stored; the key is shared by all nodes through survey_keys.

create table survey_keys (
    id              int         primary key check (id = 1),
    secret          bytea       not null,
    created_at      timestamptz not null
);

create table csat_surveys (
    conversation_id bigint      primary key references conversations (id),
    member_id       bigint      not null references members (id),
    -- who had the conversation when it was solved, for the agent's CSAT figures
    assignee        text,
    sent_at         timestamptz not null,
    expires_at      timestamptz not null,
    rating          int         check (rating between 1 and 5),
    comment         text,
    answered_at     timestamptz,
    changed_at      timestamptz,
    created_at      timestamptz not null
);

create index csat_surveys_member on csat_surveys (member_id, sent_at desc);
