package io.loyaltydesk.messaging.internal;

import io.loyaltydesk.members.Channel;
import io.loyaltydesk.members.Member;
import io.loyaltydesk.members.MemberEnrolled;
import io.loyaltydesk.members.MemberId;
import io.loyaltydesk.members.MemberStatus;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.messaging.Inbox;
import io.loyaltydesk.messaging.Messaging;
import io.loyaltydesk.purchases.PurchaseFollowUp;
import io.loyaltydesk.purchases.PurchaseRecorded;
import io.loyaltydesk.rewards.RewardCatalog;
import io.loyaltydesk.rewards.RewardRedeemed;
import io.loyaltydesk.tiers.TierChanged;
import io.loyaltydesk.tiers.Tiers;
import java.text.NumberFormat;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Messages the program sends on its own when something happens to a member: welcome on enrolment, points earned
 * on a purchase, a tier change, a reward ready. Always to the in-app inbox; by email too when the member
 * consented to email. Runs after the business transaction committed (retried from the event registry if it
 * fails); a redelivered event adds nothing twice.
 */
@Component
class TriggeredMessages implements PurchaseFollowUp {

    static final String TEMPLATE = "notification";

    private final Members members;
    private final Inbox inbox;
    private final Messaging messaging;
    private final MessageTemplates templates;
    private final Tiers tiers;
    private final RewardCatalog rewards;
    private final MessagingProperties properties;
    private final Clock clock;

    TriggeredMessages(Members members, Inbox inbox, Messaging messaging, MessageTemplates templates, Tiers tiers,
            RewardCatalog rewards, MessagingProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
        this.members = members;
        this.inbox = inbox;
        this.messaging = messaging;
        this.templates = templates;
        this.tiers = tiers;
        this.rewards = rewards;
    }

    /** Bulk imports bring members over from elsewhere; they were welcomed there, not here. */
    static final String IMPORT_SOURCE = "import";

    @ApplicationModuleListener
    void on(MemberEnrolled enrolled) {
        if (IMPORT_SOURCE.equals(enrolled.source())) {
            return;
        }
        members.find(enrolled.memberId()).filter(member -> recent(member.createdAt())).ifPresent(member -> tell(member, "welcome", "enrolled", "/portal",
                new Object[] {messaging.programName()},
                new Object[] {messaging.programName(), member.memberNumber()}));
    }

    @Override
    public void purchaseRecorded(PurchaseRecorded purchase) {
        purchasesRecorded(List.of(purchase));
    }

    /**
     * The points-earned notices of a batch: the members read at once (three queries), the inbox written in one
     * statement and the emails queued in one, however many purchases.
     */
    @Override
    public void purchasesRecorded(List<PurchaseRecorded> purchases) {
        var told = purchases.stream().filter(p -> p.pointsEarned() > 0 && recent(p.occurredAt())).toList();
        if (told.isEmpty()) {
            return;
        }
        var found = members.findAll(told.stream().map(p -> new MemberId(p.memberId())).toList());
        var notices = new ArrayList<Notice>();
        for (var purchase : told) {
            var member = found.get(new MemberId(purchase.memberId()));
            if (member == null) {
                continue;
            }
            var locale = MessageTemplates.locale(member.locale());
            var points = NumberFormat.getIntegerInstance(locale).format(purchase.pointsEarned());
            var amount = NumberFormat.getNumberInstance(locale);
            amount.setMinimumFractionDigits(2);
            amount.setMaximumFractionDigits(2);
            notices.add(new Notice(member, "points-earned", "purchase:" + purchase.purchaseId(),
                    "/portal/purchases/" + purchase.purchaseId(), new Object[] {points},
                    new Object[] {points, amount.format(purchase.totalAmount()) + " " + purchase.currency()}));
        }
        tell(notices);
    }

    @ApplicationModuleListener
    void on(TierChanged changed) {
        if (changed.toTier() == null || changed.toTier().equals(changed.fromTier()) || !recent(changed.at())) {
            return;
        }
        var key = changed.reason() == TierChanged.Reason.DOWNGRADE ? "tier-down" : "tier-up";
        String name;
        try {
            name = tiers.get(changed.toTier()).name();
        } catch (RuntimeException e) {
            name = changed.toTier();
        }
        var tierName = name;
        members.find(new MemberId(changed.memberId())).ifPresent(member -> tell(member, key,
                "tier:" + changed.toTier() + ":" + changed.at().toEpochMilli(), "/portal",
                new Object[] {tierName}, new Object[] {tierName}));
    }

    @ApplicationModuleListener
    void on(RewardRedeemed redeemed) {
        var name = rewards.find(redeemed.rewardId()).map(r -> r.name()).orElse("");
        members.find(new MemberId(redeemed.memberId())).ifPresent(member -> {
            var points = NumberFormat.getIntegerInstance(MessageTemplates.locale(member.locale()))
                    .format(redeemed.points());
            tell(member, "reward-ready", "redemption:" + redeemed.redemptionId(), "/portal/history",
                    new Object[] {name}, new Object[] {name, points});
        });
    }

    /** Old news (history imported or replayed) is not announced. */
    private boolean recent(Instant at) {
        return at == null || !at.isBefore(clock.instant().minus(properties.triggerMaxAge()));
    }

    /** The inbox always; email only with consent, to a member who can still be reached. */
    void tell(Member member, String kind, String source, String link, Object[] titleArgs, Object[] bodyArgs) {
        tell(List.of(new Notice(member, kind, source, link, titleArgs, bodyArgs)));
    }

    /** One message to a member: the keys of its texts are {@code messaging.<kind>.title} and {@code .body}. */
    record Notice(Member member, String kind, String source, String link, Object[] titleArgs, Object[] bodyArgs) {
    }

    /** {@link #tell(Member, String, String, String, Object[], Object[])} for many, in two statements. */
    @Transactional
    void tell(List<Notice> notices) {
        var reachable = notices.stream()
                .filter(n -> !n.member().erased() && n.member().status() != MemberStatus.MERGED).toList();
        if (reachable.isEmpty()) {
            return;
        }
        var texts = new ArrayList<Inbox.NewNotification>(reachable.size());
        for (var n : reachable) {
            var locale = MessageTemplates.locale(n.member().locale());
            texts.add(new Inbox.NewNotification(n.member().id().value(), n.kind(), n.source(),
                    templates.line("messaging." + n.kind() + ".title", locale, n.titleArgs()),
                    templates.line("messaging." + n.kind() + ".body", locale, n.bodyArgs()), n.link()));
        }
        var added = inbox.addAll(texts);
        var emails = new ArrayList<Messaging.Email>();
        for (int i = 0; i < reachable.size(); i++) {
            var member = reachable.get(i).member();
            if (!added.get(i) || !member.consented(Channel.EMAIL) || member.email().isEmpty()
                    || member.status() != MemberStatus.ACTIVE) {
                continue;
            }
            var text = texts.get(i);
            var model = new LinkedHashMap<String, Object>();
            model.put("firstName", member.firstName());
            model.put("title", text.title());
            model.put("body", text.body());
            model.put("linkUrl", text.link() == null ? null : messaging.link(text.link()));
            emails.add(new Messaging.Email(member.id().value(), member.email().get(), TEMPLATE, member.locale(),
                    model, true, new Object[] {text.title()}));
        }
        if (!emails.isEmpty()) {
            messaging.emails(emails);
        }
    }
}
