package io.loyaltydesk.purchases.internal;

import io.loyaltydesk.members.MemberId;
import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.purchases.PurchaseReceipt;
import io.loyaltydesk.purchases.PurchaseRequest;
import io.loyaltydesk.purchases.PurchaseSummary;
import io.loyaltydesk.purchases.Purchases;
import io.loyaltydesk.purchases.Quote;
import io.loyaltydesk.purchases.ReturnReceipt;
import io.loyaltydesk.purchases.ReturnRequest;
import io.loyaltydesk.staff.Access;
import io.loyaltydesk.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Purchases", description = "Purchase intake from tills and shops, returns, checkout quotes, claims")
class PurchasesApi {

    private static final Logger log = LoggerFactory.getLogger(PurchasesApi.class);
    static final int BATCH_MAX = 1000;

    private final Purchases purchases;

    PurchasesApi(Purchases purchases) {
        this.purchases = purchases;
    }

    record Batch(List<PurchaseRequest> purchases) {
    }

    /** One item's outcome: its HTTP status and either the receipt or the problem. */
    record BatchItem(int index, int status, PurchaseReceipt purchase, ProblemDetail problem) {
    }

    record BatchResult(int received, int created, int replayed, int failed, List<BatchItem> results) {
    }

    record ClaimRequest(String externalId, String storeId) {
    }

    @PostMapping("/api/v1/purchases")
    @PreAuthorize(Access.API_PURCHASES_WRITE)
    @Operation(summary = "Record a purchase", description = "201 with the points earned, each rule's award with its "
            + "explanation, and the balance. The same externalId again with the same body -> the first answer (200); "
            + "with a different body -> 409. Unknown member -> stored unassigned, claimable later.")
    ResponseEntity<PurchaseReceipt> record(@RequestBody PurchaseRequest request) {
        var recorded = purchases.record(request, Purchases.currentSource());
        return recorded.created()
                ? ResponseEntity.created(URI.create("/api/v1/purchases/" + recorded.receipt().externalId()))
                        .body(recorded.receipt())
                : ResponseEntity.ok(recorded.receipt());
    }

    @PostMapping("/api/v1/purchases/batch")
    @PreAuthorize(Access.API_PURCHASES_WRITE)
    @Operation(summary = "Record up to 1000 purchases", description = "Each purchase is recorded on its own: one bad "
            + "item does not fail the others. The answer has a result per item, in order.")
    BatchResult batch(@RequestBody Batch batch) {
        if (batch.purchases() == null || batch.purchases().isEmpty()) {
            throw new CommandRefusedException.InvalidInput("purchases", "send at least one purchase");
        }
        if (batch.purchases().size() > BATCH_MAX) {
            throw new CommandRefusedException.InvalidInput("purchases", "at most " + BATCH_MAX + " per batch");
        }
        var source = Purchases.currentSource();
        for (int i = 0; i < batch.purchases().size(); i++) {
            if (batch.purchases().get(i) == null) {
                throw new CommandRefusedException.InvalidInput("purchases[" + i + "]", "is empty");
            }
        }
        List<Purchases.BatchOutcome> outcomes;
        try {
            outcomes = purchases.recordAll(batch.purchases(), source);
        } catch (RuntimeException e) {
            // not a refusal (a deadlock with another batch, say): nothing of the batch stayed; go item by item
            log.warn("Batch of {} fell back to one transaction per purchase: {}", batch.purchases().size(), e.toString());
            outcomes = batch.purchases().stream().map(request -> one(request, source)).toList();
        }
        var results = new ArrayList<BatchItem>(outcomes.size());
        int created = 0;
        int replayed = 0;
        int failed = 0;
        for (int i = 0; i < outcomes.size(); i++) {
            var outcome = outcomes.get(i);
            if (outcome.recorded() != null) {
                results.add(new BatchItem(i, outcome.recorded().created() ? 201 : 200, outcome.recorded().receipt(),
                        null));
                if (outcome.recorded().created()) {
                    created++;
                } else {
                    replayed++;
                }
            } else {
                var problem = outcome.refused() != null ? Problems.of(outcome.refused())
                        : Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error",
                                "This purchase could not be recorded; nothing of it was changed");
                results.add(new BatchItem(i, problem.getStatus(), null, problem));
                failed++;
            }
        }
        return new BatchResult(batch.purchases().size(), created, replayed, failed, results);
    }

    private Purchases.BatchOutcome one(PurchaseRequest request, String source) {
        try {
            return new Purchases.BatchOutcome(purchases.record(request, source), null);
        } catch (CommandRefusedException e) {
            return new Purchases.BatchOutcome(null, e);
        } catch (RuntimeException e) {
            log.error("A purchase of a batch failed", e);
            return new Purchases.BatchOutcome(null, null);
        }
    }

    @PostMapping("/api/v1/purchases/{externalId}/returns")
    @PreAuthorize(Access.API_PURCHASES_WRITE)
    @Operation(summary = "Return part or all of a purchase", description = "{externalId, lines:[{sku, quantity}]} or "
            + "{externalId, amount}. Points earned on the returned share are taken back (pending ones cancelled). "
            + "More than was bought -> 422. The same return externalId again -> the first answer.")
    ResponseEntity<ReturnReceipt> returnItems(@PathVariable String externalId, @RequestBody ReturnRequest request) {
        var recorded = purchases.returnItems(Purchases.currentSource(), externalId, request);
        return recorded.created() ? ResponseEntity.status(HttpStatus.CREATED).body(recorded.receipt())
                : ResponseEntity.ok(recorded.receipt());
    }

    @PostMapping("/api/v1/checkout/quote")
    @PreAuthorize(Access.API_PURCHASES_WRITE)
    @Operation(summary = "Quote a checkout", description = "Points the basket would earn, the rules' awards, the "
            + "member's available points and their money value. Changes nothing.")
    Quote quote(@RequestBody PurchaseRequest request) {
        return purchases.quote(request);
    }

    @PostMapping("/api/v1/members/{id}/purchases/claims")
    @PreAuthorize(Access.API_PURCHASES_WRITE)
    @Operation(summary = "Claim an unassigned purchase for a member", description = "By receipt number (and store when "
            + "several match). The member earns as of the purchase's date.")
    ResponseEntity<PurchaseReceipt> claim(@PathVariable long id, @RequestBody ClaimRequest request) {
        if (request.externalId() == null || request.externalId().isBlank()) {
            throw new CommandRefusedException.InvalidInput("externalId", "is required");
        }
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(purchases.claim(new MemberId(id), request.externalId(), request.storeId()));
    }

    @GetMapping("/api/v1/members/{id}/purchases")
    @PreAuthorize(Access.API_POINTS_READ)
    @Operation(summary = "A member's latest purchases with the points each rule gave")
    List<PurchaseSummary> recent(@PathVariable long id, @RequestParam(defaultValue = "20") int limit) {
        if (limit < 1 || limit > 200) {
            throw new CommandRefusedException.InvalidInput("limit", "must be between 1 and 200");
        }
        return purchases.recent(new MemberId(id), limit);
    }
}
