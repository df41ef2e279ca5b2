-- Segments: static groups of members, filled by staff, the API or a CSV upload. Rule segments and RFM come later.

create table segments (
    id           bigserial   primary key,
    code         text        not null unique check (code ~ '^[A-Z0-9_-]{2,40}$'),
    name         text        not null,
    description  text,
    created_at   timestamptz not null,
    updated_at   timestamptz not null
);

-- member_id first: the table is distributed by member like every member-scoped table
create table segment_members (
    member_id   bigint      not null,
    segment_id  bigint      not null references segments (id),
    added_by    text        not null,
    added_at    timestamptz not null,
    created_at  timestamptz not null,
    primary key (member_id, segment_id)
);
-- listing a segment's members (keyset on member_id) and counting them
create index segment_members_segment_idx on segment_members (segment_id, member_id);
