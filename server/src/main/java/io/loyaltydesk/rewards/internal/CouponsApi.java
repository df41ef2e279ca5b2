package io.loyaltydesk.rewards.internal;

import io.loyaltydesk.rewards.Coupon;
import io.loyaltydesk.rewards.CouponUse;
import io.loyaltydesk.rewards.Coupons;
import io.loyaltydesk.staff.Access;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Coupons", description = "Promo codes that grant points or multiply the next purchase's points")
class CouponsApi {

    private final Coupons coupons;

    CouponsApi(Coupons coupons) {
        this.coupons = coupons;
    }

    record UseRequest(String code) {
    }

    @PostMapping("/api/v1/coupons")
    @PreAuthorize(Access.API_REWARDS_WRITE)
    @Operation(summary = "Create a coupon", description = "kind POINTS (points) or MULTIPLIER (factor > 1).")
    ResponseEntity<Coupon> create(@RequestBody Coupons.CouponDefinition definition) {
        var coupon = coupons.create(definition);
        return ResponseEntity.created(URI.create("/api/v1/coupons/" + coupon.id())).body(coupon);
    }

    @GetMapping("/api/v1/coupons")
    @PreAuthorize(Access.API_REWARDS_READ)
    @Operation(summary = "List coupons")
    List<Coupon> list() {
        return coupons.all();
    }

    @PostMapping("/api/v1/members/{id}/coupons")
    @PreAuthorize(Access.API_REWARDS_WRITE)
    @Operation(summary = "A member uses a coupon code", description = "Once per member (409 coupon-used). POINTS "
            + "coupons credit at once; MULTIPLIER coupons multiply the member's next recorded purchase. Unknown codes "
            + "404, rate limited like voucher codes.")
    CouponUse use(@PathVariable long id, @RequestBody UseRequest request) {
        return coupons.use(id, request.code());
    }

    @GetMapping("/api/v1/members/{id}/coupons")
    @PreAuthorize(Access.API_REWARDS_READ)
    @Operation(summary = "The coupons a member used")
    List<CouponUse> uses(@PathVariable long id) {
        return coupons.usesOf(id);
    }
}
