-- Merging conversations (ADR 0020): a merged conversation is terminal and points to the one it lives on in;
-- the source's messages are copied into the target, each copy remembering its original.
alter table conversations drop constraint conversations_status_check;
alter table conversations add constraint conversations_status_check
    check (status in ('NEW','OPEN','PENDING','ON_HOLD','SOLVED','CLOSED','MERGED'));
alter table conversations add column merged_into bigint references conversations (id);
alter table conversations add constraint conversations_merged_into_check
    check ((status = 'MERGED') = (merged_into is not null));

-- FROM_ASSISTANT: a member-facing answer from an automated assistant (an external bot through the API)
alter table conversation_messages drop constraint conversation_messages_kind_check;
alter table conversation_messages add constraint conversation_messages_kind_check
    check (kind in ('FROM_MEMBER','FROM_AGENT','NOTE','SYSTEM','AUTOMATED','FROM_ASSISTANT'));
alter table conversation_messages add column copied_from bigint references conversation_messages (id);
