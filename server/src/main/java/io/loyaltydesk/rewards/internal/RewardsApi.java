package io.loyaltydesk.rewards.internal;

import io.loyaltydesk.members.MemberId;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.rewards.Reward;
import io.loyaltydesk.rewards.RewardCatalog;
import io.loyaltydesk.rewards.RewardDefinition;
import io.loyaltydesk.staff.Access;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/rewards")
@Tag(name = "Rewards", description = "Reward catalog: kinds, value bands, visibility, validity, stock, limits, images, code pools")
class RewardsApi {

    private final RewardCatalog catalog;
    private final Members members;

    RewardsApi(RewardCatalog catalog, Members members) {
        this.catalog = catalog;
        this.members = members;
    }

    /** A reward as the API shows it, with where its image is served. */
    record RewardView(Reward reward, String imageUrl, Long poolLeft) {
    }

    record UpdateRequest(RewardDefinition definition, String reason) {
    }

    record StockRequest(Integer add, String reason) {
    }

    private RewardView view(Reward reward) {
        return new RewardView(reward, reward.hasImage() ? "/media/rewards/" + reward.id() + "?v=" + reward.version() : null,
                reward.codeSource() == Reward.CodeSource.POOL ? catalog.poolLeft(reward.id()) : null);
    }

    @GetMapping
    @PreAuthorize(Access.API_REWARDS_READ)
    @Operation(summary = "List rewards", description = "Newest first. available=true keeps what can be redeemed "
            + "now. Member-facing lists pass memberId=<id>: the answer then holds what that member may redeem — the "
            + "public rewards, those exclusive to the tier the member holds and those exclusive to a segment the "
            + "member is in. tier=<code> (or tier= for no tier) instead lists the public rewards plus those "
            + "exclusive to that tier (segment-exclusive ones are left out). Redemption checks tier and segments "
            + "itself.")
    List<RewardView> list(@RequestParam(required = false) Reward.Status status,
            @RequestParam(defaultValue = "false") boolean available, @RequestParam(required = false) String tier,
            @RequestParam(required = false) Long memberId) {
        if (memberId != null) {
            if (tier != null) {
                throw new CommandRefusedException.InvalidInput("tier", "give either tier or memberId, not both");
            }
            members.requireExists(new MemberId(memberId));
            return catalog.visibleTo(memberId, status, available).stream().map(this::view).toList();
        }
        return catalog.all(status, available, tier == null || tier.isBlank() ? null : tier.strip(), tier != null)
                .stream().map(this::view).toList();
    }

    @GetMapping("/{id}")
    @PreAuthorize(Access.API_REWARDS_READ)
    @Operation(summary = "Read a reward")
    RewardView get(@PathVariable long id) {
        return view(catalog.get(id));
    }

    @PostMapping
    @PreAuthorize(Access.API_REWARDS_WRITE)
    @Operation(summary = "Create a reward", description = "stock null means unlimited. Voucher, in-store and discount "
            + "rewards get codes: GENERATED (codeLength and codeAlphabet; a code space under 10^12 is refused) or "
            + "POOL (import codes as CSV). Bad fields give 400 with every one in errors[].")
    ResponseEntity<RewardView> create(@RequestBody RewardDefinition definition) {
        var reward = catalog.create(definition);
        return ResponseEntity.created(URI.create("/api/v1/rewards/" + reward.id())).body(view(reward));
    }

    @PutMapping("/{id}")
    @PreAuthorize(Access.API_REWARDS_WRITE)
    @Operation(summary = "Change a reward", description = "Stock is not changed here (see POST /{id}/stock).")
    RewardView update(@PathVariable long id, @RequestBody UpdateRequest request) {
        if (request.definition() == null) {
            throw new CommandRefusedException.InvalidInput("definition", "is required");
        }
        return view(catalog.update(id, request.definition(), request.reason()));
    }

    @PostMapping("/{id}/stock")
    @PreAuthorize(Access.API_REWARDS_WRITE)
    @Operation(summary = "Add (or, negative, remove) stock", description = "The stock never goes below zero.")
    RewardView stock(@PathVariable long id, @RequestBody StockRequest request) {
        if (request.add() == null) {
            throw new CommandRefusedException.InvalidInput("add", "is required");
        }
        return view(catalog.addStock(id, request.add(), request.reason()));
    }

    @PutMapping(path = "/{id}/image", consumes = {"image/png", "image/jpeg", "image/webp"})
    @PreAuthorize(Access.API_REWARDS_WRITE)
    @Operation(summary = "Set the reward's image", description = "PNG, JPEG or WebP, at most 2 MB; recognised by "
            + "content, SVG refused. Served at /media/rewards/{id}.")
    RewardView image(@PathVariable long id, @RequestBody byte[] bytes) {
        return view(catalog.setImage(id, bytes));
    }

    @PostMapping(path = "/{id}/codes", consumes = {"text/csv", "text/plain"})
    @PreAuthorize(Access.API_REWARDS_WRITE)
    @Operation(summary = "Import codes into the reward's pool", description = "CSV: the first column of each line "
            + "is a code (header 'code' optional). Known codes are skipped as duplicates.")
    RewardCatalog.ImportResult importCodes(@PathVariable long id, @RequestBody byte[] csv) {
        return catalog.importCodes(id, new String(csv, StandardCharsets.UTF_8));
    }
}
