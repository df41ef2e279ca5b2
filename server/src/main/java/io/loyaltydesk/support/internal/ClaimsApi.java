package io.loyaltydesk.support.internal;

import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.staff.Access;
import io.loyaltydesk.support.Claim;
import io.loyaltydesk.support.ClaimCandidate;
import io.loyaltydesk.support.MissingPointsClaims;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/conversations/{id}/claim")
@Tag(name = "Conversations")
class ClaimsApi {

    private final MissingPointsClaims claims;

    ClaimsApi(MissingPointsClaims claims) {
        this.claims = claims;
    }

    /** A claim with the unassigned purchases that may be the one it names. */
    record ClaimView(Claim claim, List<ClaimCandidate> candidates) {
    }

    record AttachRequest(Long purchaseId) {
    }

    @GetMapping
    @PreAuthorize(Access.API_CONVERSATIONS_READ)
    @Operation(summary = "Read a missing-points claim", description = "The receipt data the member gave and the "
            + "unassigned purchases with that receipt number, those matching store, day and amount first. 404 when "
            + "the conversation is not a claim.")
    ClaimView get(@PathVariable long id) {
        var claim = claims.find(id).orElseThrow(() -> new CommandRefusedException.NotFound("Claim", id));
        return new ClaimView(claim, claims.candidates(claim));
    }

    @PostMapping("/attach")
    @PreAuthorize(Access.API_CONVERSATIONS_WRITE)
    @Operation(summary = "Attach the purchase to the claim's member", description = "purchaseId must be one of the "
            + "claim's candidates. The member earns its points as of the purchase's date; the thread gets a system "
            + "line and a reply to the member, and the conversation is solved. Attaching the same purchase again "
            + "changes nothing; another one is refused (claim-attached).")
    Claim attach(@PathVariable long id, @RequestBody AttachRequest request) {
        if (request == null || request.purchaseId() == null) {
            throw new CommandRefusedException.InvalidInput("purchaseId", "is required");
        }
        return claims.attach(id, request.purchaseId());
    }
}
