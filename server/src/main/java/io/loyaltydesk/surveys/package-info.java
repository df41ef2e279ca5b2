/**
 * Surveys: CSAT after a solved support conversation (1-5 and a comment, once per conversation, changeable for a
 * while) and NPS campaigns (0-10 per member and campaign, for all members or one segment, between two dates), with
 * signed links that work without a login, the member's survey pages in the portal, the CSAT figures in the desk and
 * the results in the console (NPS score, distribution, comments, CSV). Listens to
 * {@link io.loyaltydesk.support.ConversationChanged} (a solved conversation gets its survey and an invitation line
 * in its thread), {@link io.loyaltydesk.members.MembersMerged} and {@link io.loyaltydesk.members.MemberErased}.
 * Publishes {@link io.loyaltydesk.surveys.CsatSurveySent} when a survey is created, and offers
 * {@link io.loyaltydesk.surveys.CsatSurveys#link} and {@link io.loyaltydesk.surveys.NpsSurveys#link} for the
 * channels that send the links.
 */
package io.loyaltydesk.surveys;
