package io.loyaltydesk.ledger.internal;

import io.loyaltydesk.ledger.Adjustment;
import io.loyaltydesk.ledger.PointsLedger;
import io.loyaltydesk.members.Member;
import io.loyaltydesk.members.MemberId;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.platform.FieldProblem;
import io.loyaltydesk.staff.Access;
import io.loyaltydesk.web.FormErrors;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * The points pages of the console: a member's balance, history, lots and holds with the adjust form, and the
 * queue of adjustments waiting for a second person's approval.
 */
@Controller
class PointsConsole {

    private static final int HISTORY_PAGE_SIZE = 25;
    private static final int PENDING_MAX = 100;
    private static final int DECIDED_SHOWN = 10;

    private final PointsLedger ledger;
    private final Members members;
    private final MessageSource messages;
    private final Clock clock;

    PointsConsole(PointsLedger ledger, Members members, MessageSource messages, Clock clock) {
        this.ledger = ledger;
        this.members = members;
        this.messages = messages;
        this.clock = clock;
    }

    /** The adjust form as posted; points stay text so that "abc" gets an answer beside the field. */
    record AdjustForm(String points, String reason, String comment) {

        static AdjustForm empty() {
            return new AdjustForm(null, null, null);
        }
    }

    /** An adjustment with the member it concerns, for the approvals page. */
    public record AdjustmentRow(Adjustment adjustment, Member member) {

        public String memberLabel() {
            return member == null ? "#" + adjustment.memberId()
                    : member.displayName() + " · " + member.memberNumber();
        }
    }

    @GetMapping("/console/members/{id}/points")
    @PreAuthorize(Access.STAFF_ANY)
    String points(@PathVariable long id, @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "false") boolean internal, Model model) {
        model.addAttribute("form", AdjustForm.empty());
        model.addAttribute("errors", FormErrors.none());
        return page(id, cursor, internal, model);
    }

    @PostMapping("/console/members/{id}/points/adjust")
    @PreAuthorize(Access.STAFF_POINTS_ADJUST)
    String adjust(@PathVariable long id, @ModelAttribute AdjustForm form, Model model, RedirectAttributes redirect) {
        member(id);
        try {
            var adjustment = ledger.adjust(id, parsePoints(form.points()), form.reason(), form.comment(), null, null);
            redirect.addFlashAttribute("flash", adjustment.status() == Adjustment.Status.APPLIED
                    ? text("ledger.adjust.applied", signed(adjustment.points()))
                    : text("ledger.adjust.sentForApproval", signed(adjustment.points())));
            return "redirect:/console/members/" + id + "/points";
        } catch (CommandRefusedException e) {
            FormErrors.addTo(model, e);
            if (!(e instanceof CommandRefusedException.InvalidInput)) {
                model.addAttribute("formError", readable(e));
            }
            model.addAttribute("form", form);
            return page(id, null, false, model);
        }
    }

    @GetMapping("/console/points/approvals")
    @PreAuthorize(Access.STAFF_POINTS_APPROVE)
    String approvals(Model model) {
        var cache = new HashMap<Long, Optional<Member>>();
        var pending = ledger.adjustments(null, Adjustment.Status.PENDING_APPROVAL, PENDING_MAX).stream()
                .map(a -> row(a, cache)).toList();
        var decided = new ArrayList<AdjustmentRow>();
        for (var status : List.of(Adjustment.Status.APPROVED, Adjustment.Status.REJECTED)) {
            ledger.adjustments(null, status, DECIDED_SHOWN).forEach(a -> decided.add(row(a, cache)));
        }
        decided.sort((a, b) -> b.adjustment().decidedAt().compareTo(a.adjustment().decidedAt()));
        model.addAttribute("pending", pending);
        model.addAttribute("decided", decided.subList(0, Math.min(DECIDED_SHOWN, decided.size())));
        model.addAttribute("fmt", format());
        return "ledger/approvals";
    }

    @PostMapping("/console/points/approvals/{id}/approve")
    @PreAuthorize(Access.STAFF_POINTS_APPROVE)
    String approve(@PathVariable long id, RedirectAttributes redirect) {
        try {
            var approved = ledger.approve(id);
            redirect.addFlashAttribute("flash", text("ledger.approvals.approved", id, signed(approved.points())));
        } catch (CommandRefusedException e) {
            redirect.addFlashAttribute("actionError", readable(e));
        }
        return "redirect:/console/points/approvals";
    }

    @PostMapping("/console/points/approvals/{id}/reject")
    @PreAuthorize(Access.STAFF_POINTS_APPROVE)
    String reject(@PathVariable long id, @RequestParam(required = false) String reason, RedirectAttributes redirect) {
        try {
            if (reason == null || reason.isBlank()) {
                throw new CommandRefusedException.InvalidInput("reason", text("ledger.approvals.reject.reasonRequired"));
            }
            ledger.reject(id, reason.strip());
            redirect.addFlashAttribute("flash", text("ledger.approvals.rejected", id));
        } catch (CommandRefusedException e) {
            redirect.addFlashAttribute("actionError", readable(e));
        }
        return "redirect:/console/points/approvals";
    }

    private String page(long id, String cursor, boolean internal, Model model) {
        var member = member(id);
        model.addAttribute("member", member);
        model.addAttribute("balance", ledger.balance(id));
        model.addAttribute("history", ledger.history(id, cursor, HISTORY_PAGE_SIZE, internal));
        model.addAttribute("cursor", cursor);
        model.addAttribute("internal", internal);
        model.addAttribute("lots", ledger.lots(id, true));
        model.addAttribute("reservations", ledger.reservations(id, true));
        model.addAttribute("pendingAdjustments", ledger.adjustments(id, Adjustment.Status.PENDING_APPROVAL, 20));
        model.addAttribute("approvalLimit", ledger.settings().adjustmentApprovalLimit());
        model.addAttribute("fmt", format());
        return "ledger/points";
    }

    private Member member(long id) {
        try {
            return members.get(new MemberId(id));
        } catch (CommandRefusedException.NotFound e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, e.getMessage());
        }
    }

    private AdjustmentRow row(Adjustment adjustment, Map<Long, Optional<Member>> cache) {
        var member = cache.computeIfAbsent(adjustment.memberId(), memberId -> {
            try {
                return Optional.of(members.get(new MemberId(memberId)));
            } catch (CommandRefusedException.NotFound e) {
                return Optional.empty();
            }
        });
        return new AdjustmentRow(adjustment, member.orElse(null));
    }

    private long parsePoints(String points) {
        if (points == null || points.isBlank()) {
            throw new CommandRefusedException.InvalidInput("points", text("ledger.adjust.points.required"));
        }
        try {
            return Long.parseLong(points.strip().replace("\u2212", "-").replaceFirst("^\\+", ""));
        } catch (NumberFormatException e) {
            throw new CommandRefusedException.InvalidInput(
                    List.of(new FieldProblem("points", text("ledger.adjust.points.whole"))));
        }
    }

    /** The refusal in the reader's language where we have a text for its type, else the ledger's own sentence. */
    private String readable(CommandRefusedException e) {
        if (e instanceof CommandRefusedException.InvalidInput invalid) {
            return invalid.problems().stream().map(FieldProblem::message).reduce((a, b) -> a + "; " + b)
                    .orElse(e.getMessage());
        }
        return messages.getMessage("ledger.refused." + e.type(), null, e.getMessage(),
                LocaleContextHolder.getLocale());
    }

    private LedgerFormat format() {
        return new LedgerFormat(messages, LocaleContextHolder.getLocale(), clock);
    }

    private String signed(long points) {
        return format().signed(points);
    }

    private String text(String key, Object... args) {
        return messages.getMessage(key, args, LocaleContextHolder.getLocale());
    }
}
