/**
 * Support: conversations with members (or with people not yet matched to one) over email, chat, web form, SMS,
 * social channels or the API, their threads of member messages, agent replies, internal notes and system lines,
 * the agents' queue (mine, unassigned, all) and the desk where an agent answers with the member's loyalty picture
 * beside the thread. Members are matched by contact email or phone; goodwill points go through the points ledger
 * (with its approval limit). Missing-points claims from the portal are conversations with a typed side row
 * ({@code conversation_claims}); the desk shows the unassigned purchases with the claim's receipt number and
 * attaches one through {@link io.loyaltydesk.purchases.Purchases#claim}, so the member earns as of the purchase's
 * date. Members read their own threads without internal notes through
 * {@link io.loyaltydesk.support.MemberConversations}. Every change is audited and leaves a system line in the thread. Listens to
 * {@link io.loyaltydesk.members.MembersMerged} (conversations follow the survivor) and
 * {@link io.loyaltydesk.members.MemberErased} (contact details and texts are erased). Publishes
 * {@link io.loyaltydesk.support.ConversationOpened}, {@link io.loyaltydesk.support.MessageAdded} and
 * {@link io.loyaltydesk.support.ConversationChanged}. Live updates: the desk, the members' chat
 * ({@link io.loyaltydesk.support.MemberChat}) and the embeddable chat widget get them over Server-Sent Events, fanned
 * out to every node through PostgreSQL LISTEN/NOTIFY; SMS and messaging-app providers come in through signed
 * webhooks and get agent replies through their API. The email channel
 * ({@link io.loyaltydesk.support.InboundEmail}: IMAP polling and a signed webhook in, SMTP replies out through a
 * persisted queue, signed Message-IDs for threading, attachments and sanitised HTML) lives in {@code internal}.
 * Custom fields ({@link io.loyaltydesk.support.ConversationFields}): supervisors define typed fields, agents and the
 * API set their values; a field required on solve vetoes solving or closing from its ConversationChanged listener
 * (ADR 0017). Agents move conversations between teams; the new team's assignment picks the agent.
 * Other modules send the member automated messages (a survey invitation) through
 * {@link io.loyaltydesk.support.AutomatedMessages}, mailed in the thread on email conversations, with the mail's body
 * written at send time by their {@link io.loyaltydesk.support.AutomatedMailBody}. SLA policies can be set per team
 * ({@link io.loyaltydesk.support.ServiceLevels#policyFor}).
 */
package io.loyaltydesk.support;
