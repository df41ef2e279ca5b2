-- NPS campaigns (all members or one segment, between two dates) and one 0-10 answer per member and campaign.

create table nps_campaigns (
    id              bigserial   primary key,
    name            text        not null,
    -- a segment code; null asks every member
    segment_code    text,
    starts_on       date        not null,
    ends_on         date        not null check (ends_on >= starts_on),
    question        text        not null,
    created_by      text        not null,
    created_at      timestamptz not null
);

create table nps_responses (
    campaign_id     bigint      not null references nps_campaigns (id),
    member_id       bigint      not null references members (id),
    score           int         not null check (score between 0 and 10),
    comment         text,
    answered_at     timestamptz not null,
    changed_at      timestamptz,
    created_at      timestamptz not null,
    primary key (campaign_id, member_id)
);
