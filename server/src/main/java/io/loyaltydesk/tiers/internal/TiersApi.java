package io.loyaltydesk.tiers.internal;

import io.loyaltydesk.members.MemberId;
import io.loyaltydesk.staff.Access;
import io.loyaltydesk.tiers.Tier;
import io.loyaltydesk.tiers.TierDefinition;
import io.loyaltydesk.tiers.TierProgram;
import io.loyaltydesk.tiers.TierProgress;
import io.loyaltydesk.tiers.Tiers;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Tier definitions and the program's qualification setting (program configuration), and members' tier progress. */
@RestController
@Tag(name = "Tiers", description = "Tier definitions, qualification setting, member tier progress and overrides")
class TiersApi {

    private final Tiers tiers;

    TiersApi(Tiers tiers) {
        this.tiers = tiers;
    }

    record UpdateRequest(String name, Integer rank, String colour, String benefits, BigDecimal earnMultiplierHint,
            BigDecimal threshold, String reason) {
    }

    record ProgramRequest(TierProgram.Metric metric, TierProgram.Window window, Integer windowMonths,
            Integer graceDays, String reason) {
    }

    record OverrideRequest(String tier, LocalDate until, String reason) {
    }

    @GetMapping("/api/v1/tiers")
    @PreAuthorize(Access.API_RULES_READ)
    @Operation(summary = "List tiers", description = "Lowest rank (the base tier) first.")
    List<Tier> list() {
        return tiers.all();
    }

    @GetMapping("/api/v1/tiers/{code}")
    @PreAuthorize(Access.API_RULES_READ)
    @Operation(summary = "Read a tier")
    Tier get(@PathVariable String code) {
        return tiers.get(code);
    }

    @PostMapping("/api/v1/tiers")
    @PreAuthorize(Access.API_RULES_WRITE)
    @Operation(summary = "Create a tier", description = "The first tier is the base tier (rank 0, threshold 0); "
            + "ranks are unique and thresholds rise with rank; colour is #RRGGBB. Bad fields give 400 with every one "
            + "in errors[]; an existing code gives 409. To give a tier extra points, add a MULTIPLIER rule with the "
            + "condition member.tier == 'CODE'.")
    ResponseEntity<Tier> create(@RequestBody TierDefinition definition) {
        var tier = tiers.create(definition);
        return ResponseEntity.created(URI.create("/api/v1/tiers/" + tier.code())).body(tier);
    }

    @PutMapping("/api/v1/tiers/{code}")
    @PreAuthorize(Access.API_RULES_WRITE)
    @Operation(summary = "Change a tier", description = "The code stays. Members keep their tier until their next "
            + "upgrade or review, which use the new figures.")
    Tier update(@PathVariable String code, @RequestBody UpdateRequest request) {
        return tiers.update(code, new TierDefinition(code, request.name(), request.rank(), request.colour(),
                request.benefits(), request.earnMultiplierHint(), request.threshold()), request.reason());
    }

    @GetMapping("/api/v1/tier-program")
    @PreAuthorize(Access.API_RULES_READ)
    @Operation(summary = "How members qualify for tiers", description = "One metric (POINTS, SPEND, VISITS) over one "
            + "window (ROLLING_MONTHS with windowMonths, or CALENDAR_YEAR) and a grace period in days.")
    TierProgram program() {
        return tiers.program();
    }

    @PutMapping("/api/v1/tier-program")
    @PreAuthorize(Access.API_RULES_WRITE)
    @Operation(summary = "Change how members qualify for tiers")
    TierProgram updateProgram(@RequestBody ProgramRequest request) {
        return tiers.updateProgram(new TierProgram(request.metric(), request.window(), request.windowMonths(),
                request.graceDays()), request.reason());
    }

    @GetMapping("/api/v1/members/{id}/tier")
    @PreAuthorize(Access.API_POINTS_READ)
    @Operation(summary = "A member's tier and progress", description = "The tier held, the metric in the current "
            + "window, the next tier and what is missing, the period end, and whether the member will drop (willDropTo, "
            + "dropsAt, toKeep) if nothing more is bought.")
    TierProgress progress(@PathVariable long id) {
        return tiers.progress(new MemberId(id));
    }

    @PutMapping("/api/v1/members/{id}/tier/override")
    @PreAuthorize(Access.API_POINTS_WRITE)
    @Operation(summary = "Set a member's tier by hand", description = "Holds until the end of the date `until` "
            + "(in the program's zone); a reason is required; audited.")
    TierProgress override(@PathVariable long id, @RequestBody OverrideRequest request) {
        return tiers.override(new MemberId(id), request.tier(), request.until(), request.reason());
    }

    @DeleteMapping("/api/v1/members/{id}/tier/override")
    @PreAuthorize(Access.API_POINTS_WRITE)
    @Operation(summary = "End a member's tier override now")
    TierProgress endOverride(@PathVariable long id, @RequestParam(required = false) String reason) {
        return tiers.endOverride(new MemberId(id), reason);
    }
}
