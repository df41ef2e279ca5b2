-- Support desk: conversations with members (or people not yet matched to one) and their messages.
-- Bodies are plain text; the desk renders them escaped, never as HTML.

create table conversations (
    id                  bigserial   primary key,
    member_id           bigint      references members (id),
    channel             text        not null check (channel in ('EMAIL','CHAT','WEB_FORM','SMS','SOCIAL','API')),
    subject             text        not null,
    status              text        not null check (status in ('NEW','OPEN','PENDING','ON_HOLD','SOLVED','CLOSED')),
    priority            text        not null check (priority in ('LOW','NORMAL','HIGH','URGENT')),
    -- a staff username; null while nobody has taken it
    assignee            text,
    contact_email       text,
    contact_phone       text,
    first_response_at   timestamptz,
    solved_at           timestamptz,
    created_at          timestamptz not null,
    updated_at          timestamptz not null
);

-- the queue: newest first, by status, and per assignee
create index conversations_status_id on conversations (status, id desc);
create index conversations_assignee_id on conversations (assignee, id desc);
create index conversations_member_id on conversations (member_id, id desc) where member_id is not null;

create table conversation_messages (
    id                  bigserial   primary key,
    conversation_id     bigint      not null references conversations (id),
    member_id           bigint      references members (id),
    kind                text        not null check (kind in ('FROM_MEMBER','FROM_AGENT','NOTE','SYSTEM')),
    author              text        not null,
    body                text        not null,
    created_at          timestamptz not null
);

create index conversation_messages_conversation on conversation_messages (conversation_id, id);
