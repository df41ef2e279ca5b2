package io.loyaltydesk.portal.internal;

import io.loyaltydesk.cards.Cards;
import io.loyaltydesk.ledger.Balance;
import io.loyaltydesk.ledger.EntryCode;
import io.loyaltydesk.ledger.HistoryEntry;
import io.loyaltydesk.ledger.PointsLedger;
import io.loyaltydesk.members.MemberId;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.portal.MemberPrincipal;
import io.loyaltydesk.purchases.Purchases;
import io.loyaltydesk.tiers.TierProgress;
import io.loyaltydesk.tiers.Tiers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/** What a logged-in member sees: home, the digital card, the points history and the purchases behind it. */
@Controller
class PortalPages {

    static final int HISTORY_PAGE_SIZE = 20;
    private static final Duration EXPIRING_SOON = Duration.ofDays(90);
    private static final int UPCOMING_MAX = 3;

    private final Members members;
    private final PointsLedger ledger;
    private final Tiers tiers;
    private final Purchases purchases;
    private final MessageSource messages;
    private final Clock clock;

    private final MemberAccounts accounts;
    private final MemberLogins logins;
    private final io.loyaltydesk.portal.PortalBranding branding;
    private final Cards cards;

    PortalPages(Members members, PointsLedger ledger, Tiers tiers, Purchases purchases, MessageSource messages,
            Clock clock, MemberAccounts accounts, MemberLogins logins, io.loyaltydesk.portal.PortalBranding branding,
            Cards cards) {
        this.cards = cards;
        this.accounts = accounts;
        this.logins = logins;
        this.branding = branding;
        this.members = members;
        this.ledger = ledger;
        this.tiers = tiers;
        this.purchases = purchases;
        this.messages = messages;
        this.clock = clock;
    }

    /** Points that become available (or expire) on one day, added up. */
    record Upcoming(long points, Instant at) {
    }

    /** One history entry in plain words; {@code purchaseId} links to the purchase that earned it. */
    record HistoryLine(String title, String explanation, long points, String when, String time, Long purchaseId,
            String pendingUntil) {
    }

    @GetMapping("/portal")
    @PreAuthorize(PortalAccess.MEMBER)
    String home(@AuthenticationPrincipal MemberPrincipal me, Model model) {
        var member = members.get(new MemberId(me.memberId()));
        var balance = ledger.balance(me.memberId());
        var now = clock.instant();
        model.addAttribute("member", member);
        model.addAttribute("balance", balance);
        model.addAttribute("pending", byDay(balance.pendingPoints(), null));
        model.addAttribute("expiring", byDay(balance.expiringPoints(), now.plus(EXPIRING_SOON)));
        TierProgress progress = tiers.progress(member.id());
        model.addAttribute("progress", progress.tier() == null ? null : progress);
        model.addAttribute("fmt", format());
        // until the email is confirmed, home says so (and what confirming brings)
        model.addAttribute("verified", accounts.emailVerified(me.memberId()));
        model.addAttribute("loginEmail", logins.byMember(me.memberId()).map(MemberLogins.Login::email).orElse(me.email()));
        model.addAttribute("welcomePoints", branding.welcomePoints());
        return "portal/home";
    }

    /** Everything the phone's bottom bar has no room for. */
    @GetMapping("/portal/menu")
    @PreAuthorize(PortalAccess.MEMBER)
    String menu() {
        return "portal/menu";
    }

    @GetMapping("/portal/card")
    @PreAuthorize(PortalAccess.MEMBER)
    String card(@AuthenticationPrincipal MemberPrincipal me, Model model) {
        model.addAttribute("member", members.get(new MemberId(me.memberId())));
        model.addAttribute("plasticCard", cards.active(new MemberId(me.memberId())).orElse(null));
        return "portal/card";
    }

    @GetMapping("/portal/card/qr.png")
    @PreAuthorize(PortalAccess.MEMBER)
    ResponseEntity<byte[]> qr(@AuthenticationPrincipal MemberPrincipal me) {
        return image(Codes.qrPng(memberNumber(me)));
    }

    @GetMapping("/portal/card/barcode.png")
    @PreAuthorize(PortalAccess.MEMBER)
    ResponseEntity<byte[]> barcode(@AuthenticationPrincipal MemberPrincipal me) {
        return image(Codes.code128Png(memberNumber(me)));
    }

    @GetMapping("/portal/history")
    @PreAuthorize(PortalAccess.MEMBER)
    String history(@AuthenticationPrincipal MemberPrincipal me, @RequestParam(required = false) String cursor,
            Model model) {
        historyPage(me, cursor, model);
        return "portal/history";
    }

    /** The next page of entries, for htmx's "Show older" (the page itself works without it). */
    @GetMapping("/portal/history/more")
    @PreAuthorize(PortalAccess.MEMBER)
    String historyMore(@AuthenticationPrincipal MemberPrincipal me, @RequestParam String cursor, Model model) {
        historyPage(me, cursor, model);
        return "portal/history :: entries";
    }

    @GetMapping("/portal/purchases/{id}")
    @PreAuthorize(PortalAccess.MEMBER)
    String purchase(@AuthenticationPrincipal MemberPrincipal me, @PathVariable long id, Model model) {
        var purchase = purchases.ofMember(new MemberId(me.memberId()), id)
                .orElseThrow(() -> new CommandRefusedException.NotFound("Purchase", id));
        model.addAttribute("purchase", purchase);
        model.addAttribute("fmt", format());
        return "portal/purchase";
    }

    private void historyPage(MemberPrincipal me, String cursor, Model model) {
        var page = ledger.history(me.memberId(), cursor, HISTORY_PAGE_SIZE, false);
        var fmt = format();
        model.addAttribute("entries", page.items().stream().map(e -> line(e, fmt)).toList());
        model.addAttribute("nextCursor", page.nextCursor());
        model.addAttribute("fmt", fmt);
    }

    private HistoryLine line(HistoryEntry entry, PortalFormat fmt) {
        var code = entry.code() == EntryCode.ADJUST && entry.points() < 0 ? "ADJUST_MINUS" : entry.code().name();
        var title = fmt.text("portal.history.title." + code, fmt.points(Math.abs(entry.points())));
        Long purchaseId = null;
        if ("purchase".equals(entry.sourceType()) && entry.sourceId() != null && entry.sourceId().matches("\\d{1,18}")) {
            purchaseId = Long.parseLong(entry.sourceId());
        }
        var pendingUntil = entry.pendingUntil() != null && entry.pendingUntil().isAfter(clock.instant())
                ? fmt.text("portal.history.pendingUntil", fmt.when(entry.pendingUntil()))
                : null;
        return new HistoryLine(title, entry.explanation(), entry.points(), fmt.when(entry.occurredAt()),
                fmt.time(entry.occurredAt()), purchaseId, pendingUntil);
    }

    private String memberNumber(MemberPrincipal me) {
        return members.get(new MemberId(me.memberId())).memberNumber();
    }

    private static ResponseEntity<byte[]> image(byte[] png) {
        // the card is personal: never kept by a shared cache
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).cacheControl(CacheControl.noStore()).body(png);
    }

    /** Lots grouped by the day they mature or expire, the first few only, optionally only before a moment. */
    private List<Upcoming> byDay(List<Balance.Upcoming> lots, Instant before) {
        var days = new LinkedHashMap<LocalDate, Upcoming>();
        for (var lot : lots) {
            if (lot.at() == null || lot.points() <= 0 || (before != null && !lot.at().isBefore(before))) {
                continue;
            }
            days.merge(LocalDate.ofInstant(lot.at(), tiers.zone()), new Upcoming(lot.points(), lot.at()),
                    (a, b) -> new Upcoming(a.points() + b.points(), a.at().isBefore(b.at()) ? a.at() : b.at()));
        }
        var sorted = new ArrayList<>(days.values());
        sorted.sort((a, b) -> a.at().compareTo(b.at()));
        return sorted.subList(0, Math.min(UPCOMING_MAX, sorted.size()));
    }

    private PortalFormat format() {
        return new PortalFormat(messages, LocaleContextHolder.getLocale(), clock, tiers.zone());
    }
}
