-- Messages on their way out (email, SMS), written in the transaction of what caused them and delivered by the
-- messaging-deliver-outbox job with retries and growing back-off. Content is rendered when the message is
-- queued, so a retry sends exactly what was meant then. Rows of erased members are deleted.
create table message_outbox (
    id               bigint      generated always as identity primary key,
    member_id        bigint,
    channel          text        not null check (channel in ('EMAIL', 'SMS')),
    template         text        not null,
    recipient        text        not null,
    subject          text,
    body_text        text        not null,
    body_html        text,
    unsubscribe_url  text,
    status           text        not null default 'PENDING' check (status in ('PENDING', 'SENT', 'FAILED')),
    attempts         int         not null default 0,
    next_attempt_at  timestamptz not null,
    last_error       text,
    sent_at          timestamptz,
    created_at       timestamptz not null
);
create index message_outbox_due on message_outbox (next_attempt_at) where status = 'PENDING';
create index message_outbox_member on message_outbox (member_id);

-- The key that signs unsubscribe links; made once per installation.
create table messaging_keys (
    id          int         primary key check (id = 1),
    signing_key text        not null,
    created_at  timestamptz not null
);
insert into messaging_keys (id, signing_key, created_at)
values (1, md5(random()::text || clock_timestamp()::text) || md5(random()::text || clock_timestamp()::text), now());
