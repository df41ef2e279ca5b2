/**
 * Messages to members: email over SMTP and SMS through an HTTP provider, both queued in an outbox
 * ({@code message_outbox}) in the transaction of what caused them and delivered by a job with retries and
 * back-off; templates (Thymeleaf, text and HTML, English and German); the in-app inbox
 * ({@code member_notifications}); triggered messages on enrolment, purchases, tier changes and redemptions, sent by
 * email only with the member's consent; signed unsubscribe links. Listens to {@code MemberEnrolled},
 * {@code PurchaseRecorded}, {@code TierChanged}, {@code RewardRedeemed}, {@code MemberErased} and
 * {@code MembersMerged}. The program's name comes in through {@link io.loyaltydesk.messaging.MessageBranding}.
 */
package io.loyaltydesk.messaging;
