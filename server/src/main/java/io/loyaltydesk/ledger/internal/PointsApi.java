package io.loyaltydesk.ledger.internal;

import io.loyaltydesk.ledger.Adjustment;
import io.loyaltydesk.ledger.Balance;
import io.loyaltydesk.ledger.HistoryEntry;
import io.loyaltydesk.ledger.LedgerSettings;
import io.loyaltydesk.ledger.Lot;
import io.loyaltydesk.ledger.PointsLedger;
import io.loyaltydesk.ledger.Reconciliation;
import io.loyaltydesk.ledger.Reservation;
import io.loyaltydesk.members.MemberId;
import io.loyaltydesk.members.MemberStatus;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.platform.KeysetPage;
import io.loyaltydesk.staff.Access;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Points", description = "Balances, history, reservations at the till, adjustments, reconciliation")
class PointsApi {

    private final PointsLedger ledger;
    private final Members members;

    PointsApi(PointsLedger ledger, Members members) {
        this.ledger = ledger;
        this.members = members;
    }

    record ReservationRequest(Long points, String reference) {
    }

    record AdjustmentRequest(Long points, String reason, String comment) {
    }

    record TransferRequest(Long toMemberId, Long points, String reason) {
    }

    record DecisionRequest(String reason) {
    }

    @GetMapping("/api/v1/members/{id}/points")
    @PreAuthorize(Access.API_POINTS_READ)
    @Operation(summary = "A member's balance: available, pending, reserved, debt, lifetime totals, expiring soon")
    Balance balance(@PathVariable long id) {
        // one query for a member with points; whether the member exists is asked only when the ledger has no accounts
        return ledger.balanceIfKnown(id).orElseGet(() -> {
            members.requireExists(new MemberId(id));
            return ledger.balance(id);
        });
    }

    @GetMapping("/api/v1/members/{id}/points/history")
    @PreAuthorize(Access.API_POINTS_READ)
    @Operation(summary = "A member's points history, newest first", description = "Each entry has its code, signed "
            + "points, explanation and source (purchase, rule, staff member, reservation). internal=true adds the "
            + "moves between the member's own accounts (maturing, holds).")
    KeysetPage<HistoryEntry> history(@PathVariable long id, @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit, @RequestParam(defaultValue = "false") boolean internal) {
        members.requireExists(new MemberId(id));
        return ledger.history(id, cursor, KeysetPage.limit(limit, 50, 200), internal);
    }

    @GetMapping("/api/v1/members/{id}/points/lots")
    @PreAuthorize(Access.API_POINTS_READ)
    @Operation(summary = "What each earn added and what is left, closest to expiry first")
    List<Lot> lots(@PathVariable long id, @RequestParam(defaultValue = "true") boolean open) {
        members.get(new MemberId(id));
        return ledger.lots(id, open);
    }

    @PostMapping("/api/v1/members/{id}/points/reservations")
    @PreAuthorize(Access.API_POINTS_WRITE)
    @Operation(summary = "Hold points for a checkout", description = "Send an Idempotency-Key. Not enough points -> "
            + "422 /problems/insufficient-points. The hold is cancelled automatically after the program's timeout.")
    ResponseEntity<Reservation> reserve(@PathVariable long id, @RequestBody ReservationRequest request) {
        requireActive(id);
        if (request.points() == null) {
            throw new CommandRefusedException.InvalidInput("points", "is required");
        }
        var reservation = ledger.reserve(id, request.points(), request.reference());
        return ResponseEntity.created(URI.create("/api/v1/points/reservations/" + reservation.id())).body(reservation);
    }

    @GetMapping("/api/v1/points/reservations/{id}")
    @PreAuthorize(Access.API_POINTS_READ)
    @Operation(summary = "A reservation")
    Reservation reservation(@PathVariable long id) {
        return ledger.reservation(id);
    }

    @PostMapping("/api/v1/points/reservations/{id}/confirm")
    @PreAuthorize(Access.API_POINTS_WRITE)
    @Operation(summary = "Spend held points", description = "Confirming twice is harmless; a cancelled or expired "
            + "hold -> 422.")
    Reservation confirm(@PathVariable long id) {
        return ledger.confirm(id);
    }

    @PostMapping("/api/v1/points/reservations/{id}/cancel")
    @PreAuthorize(Access.API_POINTS_WRITE)
    @Operation(summary = "Release held points", description = "Cancelling twice is harmless; a confirmed hold -> 422.")
    Reservation cancel(@PathVariable long id) {
        return ledger.cancel(id);
    }

    @PostMapping("/api/v1/members/{id}/points/adjustments")
    @PreAuthorize(Access.API_POINTS_WRITE)
    @Operation(summary = "Correct a member's points with a reason", description = "201 when applied; 202 when above "
            + "the approval limit: it then waits for approval by another caller.")
    ResponseEntity<Adjustment> adjust(@PathVariable long id, @RequestBody AdjustmentRequest request) {
        members.get(new MemberId(id));
        if (request.points() == null) {
            throw new CommandRefusedException.InvalidInput("points", "is required");
        }
        var adjustment = ledger.adjust(id, request.points(), request.reason(), request.comment(), null, null);
        return ResponseEntity.status(adjustment.status() == Adjustment.Status.APPLIED ? HttpStatus.CREATED
                : HttpStatus.ACCEPTED).body(adjustment);
    }

    @PostMapping("/api/v1/points/adjustments/{id}/approve")
    @PreAuthorize(Access.API_POINTS_WRITE)
    @Operation(summary = "Approve an adjustment waiting for approval (not by its requester)")
    Adjustment approve(@PathVariable long id) {
        return ledger.approve(id);
    }

    @PostMapping("/api/v1/points/adjustments/{id}/reject")
    @PreAuthorize(Access.API_POINTS_WRITE)
    @Operation(summary = "Reject an adjustment waiting for approval")
    Adjustment reject(@PathVariable long id, @RequestBody(required = false) DecisionRequest request) {
        return ledger.reject(id, request == null ? null : request.reason());
    }

    @PostMapping("/api/v1/members/{id}/points/transfers")
    @PreAuthorize(Access.API_POINTS_WRITE)
    @Operation(summary = "Move points to another member (family pooling), when the program allows it")
    ResponseEntity<Balance> transfer(@PathVariable long id, @RequestBody TransferRequest request) {
        requireActive(id);
        if (request.toMemberId() == null || request.points() == null) {
            throw new CommandRefusedException.InvalidInput("toMemberId", "toMemberId and points are required");
        }
        requireActive(request.toMemberId());
        ledger.transferBetweenMembers(id, request.toMemberId(), request.points(), request.reason());
        return ResponseEntity.status(HttpStatus.CREATED).body(ledger.balance(id));
    }

    @GetMapping("/api/v1/ledger/reconciliation")
    @PreAuthorize(Access.API_LEDGER_READ)
    @Operation(summary = "Prove the books balance", description = "Every account equals the sum of its transfers, "
            + "the ledger sums to zero, no member balance is negative, lots and holds match the balances.")
    Reconciliation reconciliation() {
        return ledger.reconcile();
    }

    @GetMapping("/api/v1/ledger/settings")
    @PreAuthorize(Access.API_LEDGER_READ)
    @Operation(summary = "The program's ledger settings")
    LedgerSettings settings() {
        return ledger.settings();
    }

    @PutMapping("/api/v1/ledger/settings")
    @PreAuthorize(Access.API_LEDGER_WRITE)
    @Operation(summary = "Change the ledger settings", description = "Applies to points earned from now on; points "
            + "already earned keep their dates.")
    LedgerSettings updateSettings(@RequestBody LedgerSettings settings) {
        return ledger.updateSettings(settings, null);
    }

    private void requireActive(long memberId) {
        var member = members.get(new MemberId(memberId));
        if (member.status() != MemberStatus.ACTIVE) {
            throw new CommandRefusedException.RuleViolated("member-not-active",
                    "Member " + memberId + " is " + member.status().name().toLowerCase() + " and cannot use points");
        }
    }
}
