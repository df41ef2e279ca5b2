package io.loyaltydesk.rewards.internal;

import io.loyaltydesk.rewards.VoucherCheck;
import io.loyaltydesk.rewards.Vouchers;
import io.loyaltydesk.staff.Access;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Vouchers", description = "Voucher codes at the till")
class VouchersApi {

    private final Vouchers vouchers;

    VouchersApi(Vouchers vouchers) {
        this.vouchers = vouchers;
    }

    record TillRequest(Long storeId, Long memberId) {
    }

    @PostMapping("/api/v1/vouchers/{code}/validate")
    @PreAuthorize(Access.API_REWARDS_READ)
    @Operation(summary = "Check a voucher code", description = "Changes nothing. 404 for unknown codes (counted: "
            + "after 10 wrong codes a minute per API key, or per member when memberId is given, every attempt gets "
            + "429 too-many-attempts), 409 voucher-used, 422 voucher-expired or voucher-store.")
    VoucherCheck validate(@PathVariable String code, @RequestBody(required = false) TillRequest request) {
        return vouchers.validate(code, request == null ? null : request.storeId(),
                request == null ? null : request.memberId());
    }

    @PostMapping("/api/v1/vouchers/{code}/redeem")
    @PreAuthorize(Access.API_REWARDS_WRITE)
    @Operation(summary = "Use a voucher code", description = "Single use unless the reward allows more. The same "
            + "Idempotency-Key replays the first answer; a second redemption without it is 409 voucher-used.")
    VoucherCheck redeem(@PathVariable String code, @RequestBody(required = false) TillRequest request) {
        return vouchers.redeem(code, request == null ? null : request.storeId(),
                request == null ? null : request.memberId());
    }
}
