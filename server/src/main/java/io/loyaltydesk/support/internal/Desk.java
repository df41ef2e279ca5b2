package io.loyaltydesk.support.internal;

import io.loyaltydesk.ledger.Balance;
import io.loyaltydesk.ledger.PointsLedger;
import io.loyaltydesk.members.Member;
import io.loyaltydesk.members.MemberId;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.platform.FieldProblem;
import io.loyaltydesk.platform.KeysetPage;
import io.loyaltydesk.purchases.PurchaseSummary;
import io.loyaltydesk.purchases.Purchases;
import io.loyaltydesk.rewards.Redemption;
import io.loyaltydesk.rewards.RedemptionSearch;
import io.loyaltydesk.rewards.Redemptions;
import io.loyaltydesk.staff.Access;
import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.support.Conversation;
import io.loyaltydesk.support.Conversations;
import io.loyaltydesk.tiers.Tier;
import io.loyaltydesk.tiers.Tiers;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The support desk: the queue on the left, the selected conversation's thread with the reply form in the middle,
 * and the member's loyalty picture (360) with goodwill points on the right. Plain links and forms; htmx only swaps
 * the selected conversation in without a full page load.
 */
@Controller
class Desk {

    private static final int QUEUE_PAGE_SIZE = 25;
    private static final int PURCHASES_SHOWN = 5;
    private static final int EARLIER_SHOWN = 5;
    private static final List<Redemption.Status> OPEN_REDEMPTIONS = List.of(Redemption.Status.ISSUED,
            Redemption.Status.REQUESTED, Redemption.Status.PACKED, Redemption.Status.SHIPPED);

    private final Conversations conversations;
    private final Members members;
    private final PointsLedger ledger;
    private final Tiers tiers;
    private final Purchases purchases;
    private final Redemptions redemptions;
    private final MessageSource messages;
    private final Clock clock;
    private final Inbox inbox;
    private final Workspace workspace;

    Desk(Conversations conversations, Members members, PointsLedger ledger, Tiers tiers, Purchases purchases,
            Redemptions redemptions, MessageSource messages, Clock clock, Inbox inbox, Workspace workspace) {
        this.inbox = inbox;
        this.workspace = workspace;
        this.conversations = conversations;
        this.members = members;
        this.ledger = ledger;
        this.tiers = tiers;
        this.purchases = purchases;
        this.redemptions = redemptions;
        this.messages = messages;
        this.clock = clock;
    }

    /** The member panel: what an agent needs to know before the member asks. */
    public record MemberPanel(Member member, Tier tier, Balance balance, List<PurchaseSummary> purchases,
            List<Redemption> openRedemptions, List<Conversation> earlier) {
    }

    @GetMapping("/desk")
    @PreAuthorize(Access.STAFF_DESK)
    String desk(@RequestParam(required = false) String view, @RequestParam(required = false) String status,
            @RequestParam(required = false) String cursor, @ModelAttribute Workspace.InboxParams inboxParams,
            Model model) {
        return page(null, view, status, cursor, model, inboxParams);
    }

    @GetMapping("/desk/conversations/{id}")
    @PreAuthorize(Access.STAFF_DESK)
    String conversation(@PathVariable long id, @RequestParam(required = false) String view,
            @RequestParam(required = false) String status, @RequestParam(required = false) String cursor,
            @ModelAttribute Workspace.InboxParams inboxParams, Model model) {
        var conversation = conversations.find(id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no conversation " + id));
        return page(conversation, view, status, cursor, model, inboxParams);
    }

    @PostMapping("/desk/conversations/{id}/reply")
    @PreAuthorize(Access.STAFF_DESK)
    String reply(@PathVariable long id, @RequestParam(required = false) String body,
            @RequestParam(defaultValue = "reply") String kind, @RequestParam(required = false) String statusAfter,
            @RequestParam(required = false) Long macro, RedirectAttributes redirect) {
        return act(id, redirect, () -> {
            if (macro != null && !"note".equals(kind)) {
                workspace.replyWithMacro(macro, id, body, parse(Conversation.Status.class, statusAfter, "statusAfter"));
                return text("support.flash.replied");
            }
            if ("note".equals(kind)) {
                conversations.note(id, body);
                return text("support.flash.noted");
            }
            conversations.reply(id, body, parse(Conversation.Status.class, statusAfter, "statusAfter"));
            return text("support.flash.replied");
        }, body);
    }

    @PostMapping("/desk/conversations/{id}/assign")
    @PreAuthorize(Access.STAFF_DESK)
    String assign(@PathVariable long id, @RequestParam(required = false) String to, RedirectAttributes redirect) {
        return act(id, redirect, () -> {
            var after = "me".equals(to) ? conversations.assignToMe(id) : conversations.assign(id, to);
            return after.assignee() == null ? text("support.flash.unassigned")
                    : text("support.flash.assigned", after.assignee());
        }, null);
    }

    @PostMapping("/desk/conversations/{id}/status")
    @PreAuthorize(Access.STAFF_DESK)
    String status(@PathVariable long id, @RequestParam(required = false) String status, RedirectAttributes redirect) {
        return act(id, redirect, () -> {
            var after = conversations.changeStatus(id, parse(Conversation.Status.class, status, "status"));
            return text("support.flash.status", text("support.status." + after.status()));
        }, null);
    }

    @PostMapping("/desk/conversations/{id}/priority")
    @PreAuthorize(Access.STAFF_DESK)
    String priority(@PathVariable long id, @RequestParam(required = false) String priority,
            RedirectAttributes redirect) {
        return act(id, redirect, () -> {
            var after = conversations.changePriority(id, parse(Conversation.Priority.class, priority, "priority"));
            return text("support.flash.priority", text("support.priority." + after.priority()));
        }, null);
    }

    @PostMapping("/desk/conversations/{id}/link")
    @PreAuthorize(Access.STAFF_DESK)
    String link(@PathVariable long id, @RequestParam(required = false) String member, RedirectAttributes redirect) {
        return act(id, redirect, () -> {
            var after = conversations.linkMember(id, member);
            return text("support.flash.linked", members.get(new MemberId(after.memberId())).displayName());
        }, null);
    }

    @PostMapping("/desk/conversations/{id}/goodwill")
    @PreAuthorize(Access.STAFF_DESK)
    String goodwill(@PathVariable long id, @RequestParam(required = false) String points,
            @RequestParam(required = false) String reason, RedirectAttributes redirect) {
        return act(id, redirect, () -> {
            var granted = conversations.goodwill(id, parsePoints(points), reason);
            return text(granted.applied() ? "support.flash.goodwillApplied" : "support.flash.goodwillWaiting",
                    granted.adjustment().points());
        }, null);
    }

    /** Merges this conversation into another one of the same member or contact (ADR 0020). */
    @PostMapping("/desk/conversations/{id}/merge")
    @PreAuthorize(Access.STAFF_DESK)
    String merge(@PathVariable long id, @RequestParam(required = false) String into, RedirectAttributes redirect) {
        return act(id, redirect, () -> {
            var target = conversations.merge(id, parseConversationId(into));
            return text("support.flash.merged", Long.toString(target.id()));
        }, null);
    }

    private static Long parseConversationId(String into) {
        if (into == null || into.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(into.strip().replaceFirst("^#", ""));
        } catch (NumberFormatException e) {
            throw new CommandRefusedException.InvalidInput("into", "is not a conversation number");
        }
    }

    private interface Action {
        String run();
    }

    /** Runs a command and goes back to the conversation, with what happened or why it could not. */
    private String act(long id, RedirectAttributes redirect, Action action, String typedBody) {
        try {
            redirect.addFlashAttribute("flash", action.run());
        } catch (CommandRefusedException e) {
            if (e instanceof CommandRefusedException.NotFound) {
                throw new ResponseStatusException(HttpStatus.NOT_FOUND, e.getMessage());
            }
            redirect.addFlashAttribute("actionError", readable(e));
            redirect.addFlashAttribute("typedBody", typedBody);
        }
        return "redirect:/desk/conversations/" + id;
    }

    private String page(Conversation selected, String viewName, String statusName, String cursor, Model model,
            Workspace.InboxParams inboxParams) {
        var view = viewName == null || viewName.isBlank() ? InboxView.ALL
                : parse(InboxView.class, viewName, "view", InboxView.ALL);
        var status = parse(Conversation.Status.class, statusName, "status", null);
        if (view == InboxView.TEAM && inboxParams.teamId() == null) {
            view = InboxView.ALL;
        }
        var filter = new Inbox.Filter(view, Actor.current().name(), inboxParams.teamId(), status, inboxParams.tag(),
                inboxParams.q());
        KeysetPage<Inbox.Row> queue;
        try {
            queue = inbox.page(filter, cursor, QUEUE_PAGE_SIZE);
        } catch (CommandRefusedException.InvalidInput e) {
            queue = inbox.page(filter, null, QUEUE_PAGE_SIZE);
        }
        model.addAttribute("queue", queue);
        model.addAttribute("view", view);
        model.addAttribute("status", status);
        model.addAttribute("statusParam", (status == null ? "" : "&status=" + status.name()) + inboxParams.query());
        model.addAttribute("views", InboxView.values());
        workspace.decorate(model, selected, inboxParams);
        model.addAttribute("statuses", Conversation.Status.values());
        model.addAttribute("priorities", Conversation.Priority.values());
        model.addAttribute("me", Actor.current().name());
        model.addAttribute("selected", selected);
        model.addAttribute("fmt", new DeskFormat(LocaleContextHolder.getLocale(), clock));
        if (selected != null) {
            model.addAttribute("thread", conversations.messages(selected.id()));
            model.addAttribute("panel", selected.memberId() == null ? null : panel(selected));
            model.addAttribute("approvalLimit", ledger.settings().adjustmentApprovalLimit());
            model.addAttribute("mergedInto", conversations.mergedInto(selected.id()).orElse(null));
            model.addAttribute("mergeCandidates", selected.status().active() || selected.status()
                    == Conversation.Status.SOLVED ? conversations.mergeCandidates(selected.id()) : List.of());
        }
        return "support/desk";
    }

    private MemberPanel panel(Conversation conversation) {
        var memberId = new MemberId(conversation.memberId());
        var member = members.get(memberId);
        var open = redemptions.search(new RedemptionSearch(null, null, memberId.value()), null, 50).items().stream()
                .filter(r -> OPEN_REDEMPTIONS.contains(r.status())).toList();
        var earlier = conversations.ofMember(memberId.value(), EARLIER_SHOWN + 1).stream()
                .filter(c -> c.id() != conversation.id()).limit(EARLIER_SHOWN).toList();
        return new MemberPanel(member, tiers.heldTier(memberId).orElse(null), ledger.balance(memberId.value()),
                purchases.recent(memberId, PURCHASES_SHOWN), open, earlier);
    }

    private long parsePoints(String points) {
        if (points == null || points.isBlank()) {
            throw new CommandRefusedException.InvalidInput("points", text("support.goodwill.points.required"));
        }
        try {
            return Long.parseLong(points.strip().replaceFirst("^\\+", ""));
        } catch (NumberFormatException e) {
            throw new CommandRefusedException.InvalidInput("points", text("support.goodwill.points.whole"));
        }
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandRefusedException.InvalidInput(field, "is not one of the choices");
        }
    }

    /** For query parameters of the page: a hand-edited URL falls back instead of failing. */
    private static <E extends Enum<E>> E parse(Class<E> type, String value, String field, E fallback) {
        try {
            var parsed = parse(type, value, field);
            return parsed == null ? fallback : parsed;
        } catch (CommandRefusedException.InvalidInput e) {
            return fallback;
        }
    }

    private String readable(CommandRefusedException e) {
        if (e instanceof CommandRefusedException.InvalidInput invalid) {
            return invalid.problems().stream().map(Desk::sentence).reduce((a, b) -> a + "; " + b)
                    .orElse(e.getMessage());
        }
        return messages.getMessage("support.refused." + e.type(), null, e.getMessage(), LocaleContextHolder.getLocale());
    }

    private static String sentence(FieldProblem problem) {
        return problem.field() + ": " + problem.message();
    }

    private String text(String key, Object... args) {
        return messages.getMessage(key, args, LocaleContextHolder.getLocale());
    }
}
