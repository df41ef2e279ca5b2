-- A member's in-app inbox: what the program told them, read or not.
create table member_notifications (
    member_id   bigint      not null,
    id          bigint      generated always as identity,
    kind        text        not null,
    title       text        not null,
    body        text        not null,
    link        text,
    -- what caused it (e.g. purchase:42): a redelivered event adds nothing twice
    source      text,
    read_at     timestamptz,
    created_at  timestamptz not null,
    primary key (member_id, id)
);
create index member_notifications_unread on member_notifications (member_id) where read_at is null;
create unique index member_notifications_source on member_notifications (member_id, kind, source) where source is not null;
