-- Answers to API calls that carried an Idempotency-Key header, kept at least 24 hours so that a
-- client's retry gets the first answer instead of doing the work twice.
create table idempotency_keys (
    owner            text        not null,
    key              text        not null,
    request_hash     bytea       not null,
    state            text        not null check (state in ('IN_PROGRESS','DONE')),
    response_status  int,
    response_type    text,
    response_body    bytea,
    created_at       timestamptz not null,
    primary key (owner, key)
);
create index idempotency_keys_created_idx on idempotency_keys (created_at);
