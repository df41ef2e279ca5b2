-- Every change made by staff, an API key, a member or the system. Append-only: the trigger refuses
-- updates and deletes, except the redaction of personal data that an erasure request performs
-- (it sets loyaltydesk.redaction = 'on' for its own transaction only).
create table audit_log (
    id           bigint generated always as identity primary key,
    occurred_at  timestamptz not null,
    actor_type   text        not null check (actor_type in ('STAFF','API_KEY','MEMBER','SYSTEM')),
    actor_id     text,
    actor_name   text        not null,
    action       text        not null,
    entity_type  text        not null,
    entity_id    text,
    before_state jsonb,
    after_state  jsonb,
    reason       text,
    remote_addr  text,
    created_at   timestamptz not null default now()
);
create index audit_log_entity_idx on audit_log (entity_type, entity_id, id desc);
create index audit_log_actor_idx on audit_log (actor_name, id desc);
create index audit_log_action_idx on audit_log (action, id desc);

create function audit_log_append_only() returns trigger language plpgsql as $$
begin
    if tg_op = 'UPDATE' and current_setting('loyaltydesk.redaction', true) = 'on'
       and new.id = old.id and new.action = old.action and new.entity_id is not distinct from old.entity_id then
        return new;
    end if;
    raise exception 'audit_log is append-only (% refused)', tg_op;
end;
$$;

create trigger audit_log_append_only
    before update or delete on audit_log
    for each row execute function audit_log_append_only();
