-- Support: custom fields on conversations (ADR 0017). Supervisors define the fields in the console; agents fill
-- them in on the desk, the API reads, sets and filters by them. A field is never deleted, only made inactive, so
-- values already given keep their meaning.

create table support_conversation_fields (
    id                  bigserial   primary key,
    -- what the API calls it (fields.order_number, ?field.order_number=); fixed once made
    field_key           text        not null unique check (field_key ~ '^[a-z][a-z0-9_]{0,39}$'),
    label               text        not null,
    -- German label; the desk shows label when there is none
    label_de            text,
    type                text        not null check (type in ('TEXT','NUMBER','DROPDOWN','CHECKBOX','DATE')),
    -- the choices of a DROPDOWN, in the order shown; empty for the other types
    options             text[]      not null default '{}',
    -- a conversation cannot be solved (or closed) while this field has no value
    required_on_solve   boolean     not null default false,
    active              boolean     not null default true,
    position            int         not null default 0,
    created_at          timestamptz not null,
    updated_at          timestamptz not null
);

-- One value per conversation and field, kept as canonical text (numbers without trailing zeros, dates as ISO
-- yyyy-mm-dd, checkboxes as true/false), so the API's filter is one equality on the index below.
create table conversation_field_values (
    conversation_id     bigint      not null references conversations (id),
    field_id            bigint      not null references support_conversation_fields (id),
    value               text        not null,
    created_at          timestamptz not null,
    updated_at          timestamptz not null,
    primary key (conversation_id, field_id)
);

create index conversation_field_values_filter on conversation_field_values (field_id, value, conversation_id desc);
