package io.loyaltydesk.portal.internal;

import io.loyaltydesk.engagement.ChallengeKind;
import io.loyaltydesk.engagement.Challenges;
import io.loyaltydesk.engagement.MemberBadges;
import io.loyaltydesk.engagement.Referral;
import io.loyaltydesk.engagement.Referrals;
import io.loyaltydesk.ledger.PointsLedger;
import io.loyaltydesk.portal.MemberPrincipal;
import io.loyaltydesk.tiers.Tiers;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** The member's referral page (code, share link, how it is going) and badges page (earned, in progress). */
@Controller
class EngagementPages {

    private final Referrals referrals;
    private final Challenges challenges;
    private final Tiers tiers;
    private final PointsLedger ledger;
    private final MessageSource messages;
    private final Clock clock;

    EngagementPages(Referrals referrals, Challenges challenges, Tiers tiers,
            PointsLedger ledger, MessageSource messages, Clock clock) {
        this.ledger = ledger;
        this.referrals = referrals;
        this.challenges = challenges;
        this.tiers = tiers;
        this.messages = messages;
        this.clock = clock;
    }

    /** One friend on the referral page, in a sentence. */
    record Friend(String name, String status, String text) {
    }

    /** One running challenge with its progress as a number, a bar and a sentence (never colour alone). */
    record Progress(MemberBadges.InProgress item, int percent, String text, String until) {
    }


    @GetMapping("/portal/referrals")
    @PreAuthorize(PortalAccess.MEMBER)
    String referralsPage(@AuthenticationPrincipal MemberPrincipal me, Model model) {
        var fmt = format();
        var summary = referrals.summary(me.memberId());
        var settings = summary.settings();
        var now = clock.instant();
        var minimum = fmt.number(settings.minPurchaseAmount()) + " " + ledger.settings().currency();
        model.addAttribute("summary", summary);
        model.addAttribute("settings", settings);
        model.addAttribute("minimum", minimum);
        model.addAttribute("shareLink", ServletUriComponentsBuilder.fromCurrentContextPath().path("/portal/join")
                .queryParam("ref", summary.code()).build().toUriString());
        model.addAttribute("friends", summary.referrals().stream().map(r -> {
            String status;
            String text;
            if (r.expiredAt(now)) {
                status = "EXPIRED";
                text = fmt.text("engagement.portal.referrals.friend.EXPIRED", fmt.day(r.joinedAt()));
            } else if (r.status() == Referral.Status.QUALIFIED && r.capped()) {
                status = "CAPPED";
                text = fmt.text("engagement.portal.referrals.friend.CAPPED", fmt.day(r.qualifiedAt()));
            } else if (r.status() == Referral.Status.QUALIFIED) {
                status = "QUALIFIED";
                text = fmt.text("engagement.portal.referrals.friend.QUALIFIED", fmt.day(r.qualifiedAt()),
                        fmt.points(r.referrerPoints()));
            } else {
                status = "JOINED";
                text = fmt.text("engagement.portal.referrals.friend.JOINED", fmt.day(r.joinedAt()), minimum,
                        fmt.day(r.qualifyUntil()));
            }
            return new Friend(r.referredName(), status, text);
        }).toList());
        model.addAttribute("fmt", fmt);
        return "portal/referrals";
    }

    @GetMapping("/portal/badges")
    @PreAuthorize(PortalAccess.MEMBER)
    String badgesPage(@AuthenticationPrincipal MemberPrincipal me, Model model) {
        var fmt = format();
        var badges = challenges.badges(me.memberId());
        List<Progress> progress = badges.inProgress().stream().map(p -> {
            var c = p.challenge();
            var text = fmt.text("engagement.portal.badges.progress." + c.kind(), amount(fmt, c.kind(), p.value()),
                    amount(fmt, c.kind(), c.target()), c.category());
            var until = c.endsOn() == null ? null : fmt.text("engagement.portal.badges.until",
                    fmt.day(c.endsOn().atStartOfDay(tiers.zone()).toInstant()));
            return new Progress(p, p.percent(), text, until);
        }).toList();
        model.addAttribute("earned", badges.earned());
        model.addAttribute("progress", progress);
        model.addAttribute("fmt", fmt);
        return "portal/badges";
    }

    private static String amount(PortalFormat fmt, ChallengeKind kind, BigDecimal value) {
        return kind.countsWholeNumbers() ? fmt.points(value.longValue()) : fmt.number(value);
    }

    private PortalFormat format() {
        return new PortalFormat(messages, LocaleContextHolder.getLocale(), clock, tiers.zone());
    }
}
