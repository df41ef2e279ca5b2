-- Live chat and provider channels of the support desk.

-- Which agents have the desk open (an SSE connection), per application node; "agents online" for the chat widget.
-- Each node rewrites its own rows on every heartbeat, so rows of a node that died simply age out.
create table support_agent_presence (
    node                text        not null,
    username            text        not null,
    connections         int         not null,
    seen_at             timestamptz not null,
    created_at          timestamptz not null,
    primary key (node, username)
);

-- Conversations that started as a live chat (portal or widget): whose they are, and whether they became an
-- email-answered ticket because no agent was online. The member is the conversation's (merges move it there).
create table support_chats (
    conversation_id     bigint      primary key references conversations (id),
    visitor_name        text,
    offline_at          timestamptz,
    created_at          timestamptz not null
);

-- How far each side of a chat has read: the id of the last message the member (or visitor) or an agent has seen.
create table support_chat_reads (
    conversation_id     bigint      not null references conversations (id),
    side                text        not null check (side in ('MEMBER','AGENT')),
    message_id          bigint      not null,
    read_at             timestamptz not null,
    created_at          timestamptz not null,
    primary key (conversation_id, side)
);

-- Secrets the nodes must share (the key that signs chat-widget visitor tokens), generated on first use.
create table support_secrets (
    name                text        primary key,
    secret              bytea       not null,
    created_at          timestamptz not null
);

-- Inbound provider messages already taken in: a provider retrying (or an attacker replaying inside the
-- time window) finds its message id here and changes nothing.
create table support_provider_inbound (
    provider            text        not null,
    external_id         text        not null,
    conversation_id     bigint      not null references conversations (id),
    message_id          bigint      not null,
    created_at          timestamptz not null,
    primary key (provider, external_id)
);

create index support_provider_inbound_conversation on support_provider_inbound (conversation_id, created_at desc);

-- Agent replies on SMS/social conversations on their way to the provider's API, retried with back-off.
create table support_provider_outbox (
    id                  bigserial   primary key,
    provider            text        not null,
    conversation_id     bigint      not null references conversations (id),
    message_id          bigint      not null unique,
    to_phone            text        not null,
    body                text        not null,
    status              text        not null check (status in ('PENDING','SENT','FAILED')),
    attempts            int         not null default 0,
    next_attempt_at     timestamptz not null,
    last_error          text,
    sent_at             timestamptz,
    created_at          timestamptz not null
);

create index support_provider_outbox_due on support_provider_outbox (next_attempt_at) where status = 'PENDING';
