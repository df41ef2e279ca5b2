package io.loyaltydesk.portal.internal;

import io.loyaltydesk.ledger.PointsLedger;
import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.platform.KeysetPage;
import io.loyaltydesk.portal.FreshLogin;
import io.loyaltydesk.portal.MemberPrincipal;
import io.loyaltydesk.rewards.Redemption;
import io.loyaltydesk.rewards.RedemptionSearch;
import io.loyaltydesk.rewards.Redemptions;
import io.loyaltydesk.rewards.Reward;
import io.loyaltydesk.rewards.RewardCatalog;
import io.loyaltydesk.tiers.Tiers;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The member's rewards: the catalog as the rewards module lets this member see it (tier and segment exclusives
 * included only for those who hold them), a reward's page, redeeming with a confirmation step, and the member's
 * redemptions with their codes (big, copyable, as a QR code for the till) and how far a shipped item got.
 */
@Controller
class RewardPages {

    static final int REDEMPTIONS_PAGE_SIZE = 20;

    private final RewardCatalog catalog;
    private final Redemptions redemptions;
    private final RedeemRequests requests;
    private final PointsLedger ledger;
    private final Tiers tiers;
    private final MessageSource messages;
    private final Clock clock;

    RewardPages(RewardCatalog catalog, Redemptions redemptions, RedeemRequests requests, PointsLedger ledger,
            Tiers tiers, MessageSource messages, Clock clock) {
        this.catalog = catalog;
        this.redemptions = redemptions;
        this.requests = requests;
        this.ledger = ledger;
        this.tiers = tiers;
        this.messages = messages;
        this.clock = clock;
    }

    /**
     * A reward as this member sees it: whether the points are there ({@code missingPoints} otherwise), what is left
     * in stock (null: unlimited) and of the member's own limit (null: no limit).
     */
    record Offer(Reward reward, boolean affordable, long missingPoints, Integer stockLeft, Integer limitLeft) {

        public boolean redeemable() {
            return affordable && (stockLeft == null || stockLeft > 0) && (limitLeft == null || limitLeft > 0);
        }
    }

    @GetMapping("/portal/rewards")
    @PreAuthorize(PortalAccess.MEMBER)
    String catalog(@AuthenticationPrincipal MemberPrincipal me, Model model) {
        var offers = offers(me);
        model.addAttribute("offers", offers);
        model.addAttribute("available", ledger.balance(me.memberId()).available());
        // the empty state helps: how far the member is from the cheapest reward they can see
        model.addAttribute("nearest", offers.stream().filter(o -> !o.affordable())
                .min(Comparator.comparingLong(Offer::missingPoints)).orElse(null));
        model.addAttribute("anyAffordable", offers.stream().anyMatch(Offer::redeemable));
        model.addAttribute("fmt", format());
        return "portal/rewards";
    }

    @GetMapping("/portal/rewards/{id}")
    @PreAuthorize(PortalAccess.MEMBER)
    String reward(@AuthenticationPrincipal MemberPrincipal me, @PathVariable long id, Model model) {
        model.addAttribute("offer", offer(me, id));
        model.addAttribute("available", ledger.balance(me.memberId()).available());
        model.addAttribute("fmt", format());
        return "portal/reward";
    }

    /**
     * The confirmation step: what it costs, what is left after, and a form that can be submitted only once. Asks for
     * the password first when the login is not fresh, so that a phone left unlocked cannot spend the points.
     */
    @GetMapping("/portal/rewards/{id}/redeem")
    @PreAuthorize(PortalAccess.MEMBER)
    @FreshLogin
    String confirm(@AuthenticationPrincipal MemberPrincipal me, @PathVariable long id, Model model) {
        confirmation(me, offer(me, id), UUID.randomUUID().toString(), null, null, model);
        return "portal/redeem";
    }

    /** Redeems once per confirmation form; a refusal is explained on the form, nothing redeemed. */
    @PostMapping("/portal/rewards/{id}/redeem")
    @PreAuthorize(PortalAccess.MEMBER)
    @FreshLogin
    String redeem(@AuthenticationPrincipal MemberPrincipal me, @PathVariable long id,
            @RequestParam(required = false) String requestKey,
            @RequestParam(required = false) String shippingAddress, Model model) {
        UUID key;
        try {
            key = UUID.fromString(requestKey == null ? "" : requestKey);
        } catch (IllegalArgumentException e) {
            // a form without its key (an old page): ask again rather than risk redeeming twice
            confirmation(me, offer(me, id), UUID.randomUUID().toString(), shippingAddress,
                    text("portal.redeem.again"), model);
            return "portal/redeem";
        }
        var earlier = requests.earlier(me.memberId(), key);
        if (earlier != null) {
            // this form was sent before (and the reward may have sold out or ended since): show what it got
            return "redirect:/portal/redemptions/" + earlier + "?new";
        }
        offer(me, id);
        try {
            var redemption = MemberActors.as(me, () -> requests.redeem(me.memberId(), id, key, shippingAddress));
            // no flash attribute: a double submit runs two requests of one session at once, and both writing a new
            // session attribute collide in the session store
            return "redirect:/portal/redemptions/" + redemption.id() + "?new";
        } catch (CommandRefusedException e) {
            var first = requests.earlier(me.memberId(), key);
            if (first != null) {
                return "redirect:/portal/redemptions/" + first + "?new";
            }
            var fresh = offer(me, id);
            confirmation(me, fresh, key.toString(), shippingAddress,
                    messages.getMessage("portal.redeem.refused." + e.type(), new Object[] {fresh.missingPoints()},
                            messages.getMessage("portal.redeem.refused", null, LocaleContextHolder.getLocale()),
                            LocaleContextHolder.getLocale()),
                    model);
            return "portal/redeem";
        }
    }

    @GetMapping("/portal/redemptions")
    @PreAuthorize(PortalAccess.MEMBER)
    String redemptions(@AuthenticationPrincipal MemberPrincipal me, @RequestParam(required = false) String cursor,
            Model model) {
        var search = new RedemptionSearch(null, null, me.memberId());
        KeysetPage<Redemption> page;
        try {
            page = redemptions.search(search, cursor, REDEMPTIONS_PAGE_SIZE);
        } catch (CommandRefusedException.InvalidInput e) {
            page = redemptions.search(search, null, REDEMPTIONS_PAGE_SIZE);
        }
        model.addAttribute("redemptions", page.items());
        model.addAttribute("nextCursor", page.nextCursor());
        model.addAttribute("fmt", format());
        return "portal/redemptions";
    }

    @GetMapping("/portal/redemptions/{id}")
    @PreAuthorize(PortalAccess.MEMBER)
    String redemption(@AuthenticationPrincipal MemberPrincipal me, @PathVariable long id, Model model) {
        model.addAttribute("redemption", own(me, id));
        model.addAttribute("fmt", format());
        return "portal/redemption";
    }

    /** A code of the member's redemption as a QR code for the till's scanner. */
    @GetMapping("/portal/redemptions/{id}/codes/{index}/qr.png")
    @PreAuthorize(PortalAccess.MEMBER)
    ResponseEntity<byte[]> codeQr(@AuthenticationPrincipal MemberPrincipal me, @PathVariable long id,
            @PathVariable int index) {
        var redemption = own(me, id);
        if (!redemption.kind().usesCodes() || index < 0 || index >= redemption.codes().size()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).cacheControl(CacheControl.noStore())
                .body(Codes.qrPng(redemption.codes().get(index)));
    }

    @PostMapping("/portal/redemptions/{id}/cancel")
    @PreAuthorize(PortalAccess.MEMBER)
    String cancel(@AuthenticationPrincipal MemberPrincipal me, @PathVariable long id, RedirectAttributes redirect) {
        own(me, id);
        try {
            MemberActors.as(me, () -> redemptions.cancel(id, "cancelled by the member in the portal"));
            redirect.addFlashAttribute("flash", text("portal.redemption.cancelled"));
        } catch (CommandRefusedException e) {
            redirect.addFlashAttribute("actionError", messages.getMessage("portal.redemption.refused." + e.type(),
                    null, text("portal.redemption.refused"), LocaleContextHolder.getLocale()));
        }
        return "redirect:/portal/redemptions/" + id;
    }

    private void confirmation(MemberPrincipal me, Offer offer, String key, String shippingAddress, String error,
            Model model) {
        long available = ledger.balance(me.memberId()).available();
        model.addAttribute("offer", offer);
        model.addAttribute("available", available);
        model.addAttribute("after", available - offer.reward().costPoints());
        model.addAttribute("requestKey", key);
        model.addAttribute("shippingAddress", shippingAddress);
        model.addAttribute("error", error);
        model.addAttribute("fmt", format());
    }

    /** The member's own redemption; someone else's is "not found", as if it did not exist. */
    private Redemption own(MemberPrincipal me, long id) {
        Redemption redemption;
        try {
            redemption = redemptions.get(id);
        } catch (CommandRefusedException.NotFound e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        if (redemption.memberId() != me.memberId()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        return redemption;
    }

    private List<Offer> offers(MemberPrincipal me) {
        long available = ledger.balance(me.memberId()).available();
        var held = redemptions.heldTowardsLimits(me.memberId());
        return catalog.visibleTo(me.memberId(), Reward.Status.ACTIVE, true).stream()
                .map(r -> offer(r, available, held))
                .sorted(Comparator.comparingLong((Offer o) -> o.reward().costPoints()))
                .toList();
    }

    /** A reward this member may see and redeem now; any other is "not found". */
    private Offer offer(MemberPrincipal me, long id) {
        var reward = catalog.visibleTo(me.memberId(), Reward.Status.ACTIVE, true).stream()
                .filter(r -> r.id() == id).findFirst()
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        return offer(reward, ledger.balance(me.memberId()).available(),
                redemptions.heldTowardsLimits(me.memberId()));
    }

    private static Offer offer(Reward reward, long available, Map<Long, Integer> held) {
        Integer limitLeft = reward.limitPerMember() == null ? null
                : Math.max(0, reward.limitPerMember() - held.getOrDefault(reward.id(), 0));
        return new Offer(reward, available >= reward.costPoints(), Math.max(0, reward.costPoints() - available),
                reward.stockLeft(), limitLeft);
    }

    private String text(String key, Object... args) {
        return messages.getMessage(key, args, LocaleContextHolder.getLocale());
    }

    private PortalFormat format() {
        return new PortalFormat(messages, LocaleContextHolder.getLocale(), clock, tiers.zone());
    }
}
