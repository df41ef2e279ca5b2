-- Segment-exclusive rewards: the segment codes a SEGMENT reward is for (like tier_codes for TIER rewards).
-- Codes, not keys: the rewards module does not depend on segments; redemption asks the segments module.
alter table rewards add column segment_codes text[] not null default '{}';
alter table rewards drop constraint rewards_visibility_check;
alter table rewards add constraint rewards_visibility_check check (visibility in ('PUBLIC','TIER','SEGMENT'));
