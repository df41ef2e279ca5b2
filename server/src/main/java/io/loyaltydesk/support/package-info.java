/**
 * Support: conversations with members (or with people not yet matched to one) over email, chat, web form, SMS,
 * social channels or the API, their threads of member messages, agent replies, internal notes and system lines,
 * the agents' queue (mine, unassigned, all) and the desk where an agent answers with the member's loyalty picture
 * beside the thread. Members are matched by contact email or phone; goodwill points go through the points ledger
 * (with its approval limit). Every change is audited and leaves a system line in the thread. Listens to
 * {@link io.loyaltydesk.members.MembersMerged} (conversations follow the survivor) and
 * {@link io.loyaltydesk.members.MemberErased} (contact details and texts are erased). Publishes
 * {@link io.loyaltydesk.support.ConversationOpened}, {@link io.loyaltydesk.support.MessageAdded} and
 * {@link io.loyaltydesk.support.ConversationChanged}. Live updates: the desk, the members' chat
 * ({@link io.loyaltydesk.support.MemberChat}) and the embeddable chat widget get them over Server-Sent Events, fanned
 * out to every node through PostgreSQL LISTEN/NOTIFY; SMS and messaging-app providers come in through signed
 * webhooks and get agent replies through their API.
 */
package io.loyaltydesk.support;
