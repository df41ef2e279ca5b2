-- Support over email: what each inbound or outbound mail of a conversation carried (addresses, ids for threading,
-- the sanitised HTML), the outbound queue (an agent's reply is queued in the reply's transaction and sent by a job),
-- and the attachments, kept in the database (ADR 0012).

-- the key that signs our Message-IDs and reply addresses; made once per database, so every node signs alike
create table support_mail_keys (
    id          int         primary key check (id = 1),
    secret      text        not null,
    created_at  timestamptz not null default now()
);
insert into support_mail_keys (id, secret)
values (1, replace(gen_random_uuid()::text || gen_random_uuid()::text || gen_random_uuid()::text, '-', ''));

create table support_emails (
    id                  bigserial   primary key,
    conversation_id     bigint      not null references conversations (id),
    -- the thread line this mail is (the member's words, an agent's reply, or a note about an automatic reply)
    message_id          bigint      not null references conversation_messages (id),
    direction           text        not null check (direction in ('IN','OUT')),
    -- the RFC 5322 Message-ID with its angle brackets; one row per id, so a mail seen twice is dropped
    rfc_message_id      text        not null,
    in_reply_to         text,
    -- the References header: ids separated by single spaces
    references_ids      text        not null default '',
    from_address        text        not null,
    to_addresses        text        not null default '',
    cc_addresses        text        not null default '',
    subject             text        not null,
    -- the HTML part after sanitising (jsoup safelist; no scripts, styles, images or javascript: links)
    html                text,
    status              text        not null check (status in ('RECEIVED','AUTO_REPLY','QUEUED','SENT','FAILED')),
    attempts            int         not null default 0,
    next_attempt_at     timestamptz,
    last_error          text,
    sent_at             timestamptz,
    created_at          timestamptz not null,
    constraint support_emails_rfc_message_id unique (rfc_message_id)
);

create index support_emails_conversation on support_emails (conversation_id, id);
create unique index support_emails_message on support_emails (message_id);
create index support_emails_due on support_emails (next_attempt_at) where status = 'QUEUED';

create table support_email_attachments (
    id                  bigserial   primary key,
    email_id            bigint      not null references support_emails (id),
    conversation_id     bigint      not null references conversations (id),
    file_name           text        not null,
    content_type        text        not null,
    size_bytes          bigint      not null,
    -- null when the attachment was refused (too large, or a type we do not take); refused_reason says why
    content             bytea,
    refused_reason      text,
    created_at          timestamptz not null
);

create index support_email_attachments_email on support_email_attachments (email_id, id);
