-- A retired identifier (a blocked or replaced loyalty card) stays with its member, so that the number is never
-- handed to anyone else, but it no longer finds the member: lookups and purchases see active identifiers only.
alter table member_identifiers add column retired_at timestamptz;
