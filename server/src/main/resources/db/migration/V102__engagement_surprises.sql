-- Surprise rewards: one-off points to a segment. request_key makes a repeated submission give the first answer;
-- surprise_grants keeps each member from being given one surprise twice.

create table surprises (
    id            bigint      generated always as identity primary key,
    request_key   text        not null unique,
    segment_code  text        not null,
    points        bigint      not null check (points > 0),
    message       text        not null,
    granted_by    text        not null,
    member_count  int         not null default 0,
    created_at    timestamptz not null
);

create table surprise_grants (
    member_id    bigint      not null,
    surprise_id  bigint      not null references surprises (id),
    created_at   timestamptz not null,
    primary key (member_id, surprise_id)
);
