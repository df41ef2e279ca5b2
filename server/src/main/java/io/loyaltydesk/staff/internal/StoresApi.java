package io.loyaltydesk.staff.internal;

import io.loyaltydesk.staff.Access;
import io.loyaltydesk.staff.Store;
import io.loyaltydesk.staff.Stores;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/stores")
@Tag(name = "Stores", description = "The business's stores and whether the program is live in each")
class StoresApi {

    private final Stores stores;

    StoresApi(Stores stores) {
        this.stores = stores;
    }

    @GetMapping
    @PreAuthorize(Access.API_MEMBERS_READ)
    @Operation(summary = "List the stores", description = "Every store with its code (used as homeStoreCode on "
            + "members), region, city and whether the program is live there; ordered by region and name.")
    List<Store> all() {
        return stores.all();
    }
}
