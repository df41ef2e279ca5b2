package io.loyaltydesk.rewards.internal;

import io.loyaltydesk.rewards.VoucherCheck;
import io.loyaltydesk.rewards.Vouchers;
import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.staff.Access;
import io.loyaltydesk.staff.Store;
import io.loyaltydesk.staff.Stores;
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

    private final Stores stores;

    VouchersApi(Vouchers vouchers, Stores stores) {
        this.vouchers = vouchers;
        this.stores = stores;
    }

    private Long store(TillRequest request) {
        if (request == null || request.storeId() == null || request.storeId().isBlank()) {
            return null;
        }
        return stores.byCode(request.storeId().strip()).map(Store::id)
                .orElseThrow(() -> new CommandRefusedException.InvalidInput("storeId", "is not a known store code"));
    }

    /** @param storeId the store's code, as in purchases */
    record TillRequest(String storeId, Long memberId) {
    }

    @PostMapping("/api/v1/vouchers/{code}/validate")
    @PreAuthorize(Access.API_REWARDS_READ)
    @Operation(summary = "Check a voucher code", description = "Changes nothing. 404 for unknown codes (counted: "
            + "after 10 wrong codes a minute per API key, or per member when memberId is given, every attempt gets "
            + "429 too-many-attempts), 409 voucher-used, 422 voucher-expired or voucher-store.")
    VoucherCheck validate(@PathVariable String code, @RequestBody(required = false) TillRequest request) {
        return vouchers.validate(code, store(request), request == null ? null : request.memberId());
    }

    @PostMapping("/api/v1/vouchers/{code}/redeem")
    @PreAuthorize(Access.API_REWARDS_WRITE)
    @Operation(summary = "Use a voucher code", description = "Single use unless the reward allows more. The same "
            + "Idempotency-Key replays the first answer; a second redemption without it is 409 voucher-used.")
    VoucherCheck redeem(@PathVariable String code, @RequestBody(required = false) TillRequest request) {
        return vouchers.redeem(code, store(request), request == null ? null : request.memberId());
    }
}
