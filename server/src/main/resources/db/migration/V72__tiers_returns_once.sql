-- A return is counted once even when its event is delivered again (the outbox republishes unfinished events).
alter table tier_activity add column return_id bigint;
create unique index tier_activity_return_once on tier_activity (member_id, return_id) where kind = 'RETURN';
