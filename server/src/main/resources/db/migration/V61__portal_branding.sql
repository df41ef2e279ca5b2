-- The business's brand on the member portal: one row, edited in the console.
create table portal_branding (
    id             int         primary key check (id = 1),
    program_name   text        not null,
    accent_colour  text        not null check (accent_colour ~ '^#[0-9A-F]{6}$'),
    logo           bytea,
    logo_type      text,
    created_at     timestamptz not null,
    updated_at     timestamptz not null
);
insert into portal_branding (id, program_name, accent_colour, created_at, updated_at)
values (1, 'Loyalty Desk', '#0B6E4F', now(), now());
