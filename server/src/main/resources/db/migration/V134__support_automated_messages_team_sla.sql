-- Support: automated messages to the member (a CSAT invitation on an email conversation is mailed in the thread and
-- counted in no agent metric), and SLA policies per team (falling back to the default policy). See docs/adr/0018.

alter table conversation_messages drop constraint conversation_messages_kind_check;
alter table conversation_messages add constraint conversation_messages_kind_check
    check (kind in ('FROM_MEMBER','FROM_AGENT','NOTE','SYSTEM','AUTOMATED'));

-- what an outgoing automated mail is for ('csat'): the module that posted it fills in, when the mail is sent, what
-- must never be stored (a signed link); null for agents' replies, which are mailed as written
alter table support_emails add column purpose text;

-- the policy a team's conversations get instead of the default one
create table support_team_sla_policies (
    team_id             bigint      primary key references support_teams (id) on delete cascade,
    policy_id           bigint      not null references support_sla_policies (id) on delete cascade,
    created_at          timestamptz not null,
    updated_at          timestamptz not null
);
create index support_team_sla_policies_policy on support_team_sla_policies (policy_id);

