package io.loyaltydesk.rewards.internal;

import io.loyaltydesk.platform.KeysetPage;
import io.loyaltydesk.rewards.Redemption;
import io.loyaltydesk.rewards.RedemptionSearch;
import io.loyaltydesk.rewards.Redemptions;
import io.loyaltydesk.staff.Access;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Redemptions", description = "Redeeming rewards with points, cancellation and refunds, fulfillment")
class RedemptionsApi {

    private final Redemptions redemptions;

    RedemptionsApi(Redemptions redemptions) {
        this.redemptions = redemptions;
    }

    record RedeemRequest(Long rewardId, Integer quantity, String shippingAddress) {
    }

    record CancelRequest(String reason) {
    }

    record FulfillmentRequest(Redemption.Status status, String tracking) {
    }

    @PostMapping("/api/v1/members/{id}/redemptions")
    @PreAuthorize(Access.API_REWARDS_WRITE)
    @Operation(summary = "Redeem a reward", description = "Spends quantity x cost points, takes stock and hands out "
            + "codes in one transaction. 422: insufficient-points, out-of-stock, out-of-codes, limit-reached, "
            + "reward-not-available, tier-exclusive, member-not-active. Send an Idempotency-Key to retry safely.")
    ResponseEntity<Redemption> redeem(@PathVariable long id, @RequestBody RedeemRequest request) {
        if (request.rewardId() == null) {
            throw new io.loyaltydesk.platform.CommandRefusedException.InvalidInput("rewardId", "is required");
        }
        var redemption = redemptions.redeem(id, request.rewardId(), request.quantity(), request.shippingAddress());
        return ResponseEntity.created(URI.create("/api/v1/redemptions/" + redemption.id())).body(redemption);
    }

    @GetMapping("/api/v1/members/{id}/redemptions")
    @PreAuthorize(Access.API_REWARDS_READ)
    @Operation(summary = "A member's redemptions, newest first")
    KeysetPage<Redemption> ofMember(@PathVariable long id, @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        return redemptions.search(new RedemptionSearch(null, null, id), cursor, KeysetPage.limit(limit, 50, 200));
    }

    @GetMapping("/api/v1/redemptions")
    @PreAuthorize(Access.API_REWARDS_READ)
    @Operation(summary = "Search redemptions", description = "Filters: status, rewardId, memberId.")
    KeysetPage<Redemption> search(@RequestParam(required = false) Redemption.Status status,
            @RequestParam(required = false) Long rewardId, @RequestParam(required = false) Long memberId,
            @RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit) {
        return redemptions.search(new RedemptionSearch(status, rewardId, memberId), cursor,
                KeysetPage.limit(limit, 50, 200));
    }

    @GetMapping("/api/v1/redemptions/{id}")
    @PreAuthorize(Access.API_REWARDS_READ)
    @Operation(summary = "Read a redemption")
    Redemption get(@PathVariable long id) {
        return redemptions.get(id);
    }

    @PostMapping("/api/v1/redemptions/{id}/cancel")
    @PreAuthorize(Access.API_REWARDS_WRITE)
    @Operation(summary = "Cancel a redemption", description = "Before use or shipping: points, stock and pool codes "
            + "come back. 422 not-cancellable afterwards.")
    Redemption cancel(@PathVariable long id, @RequestBody(required = false) CancelRequest request) {
        return redemptions.cancel(id, request == null ? null : request.reason());
    }

    @PostMapping("/api/v1/redemptions/{id}/fulfillment")
    @PreAuthorize(Access.API_REWARDS_WRITE)
    @Operation(summary = "Move a shipped item along", description = "status PACKED, SHIPPED (with tracking), "
            + "DELIVERED or RETURNED (gives points and stock back).")
    Redemption fulfill(@PathVariable long id, @RequestBody FulfillmentRequest request) {
        return redemptions.fulfill(id, request.status(), request.tracking());
    }
}
