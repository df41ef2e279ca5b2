package io.loyaltydesk.rules.internal;

import io.loyaltydesk.rules.ExpressionCheck;
import io.loyaltydesk.rules.Rule;
import io.loyaltydesk.rules.RuleDefinition;
import io.loyaltydesk.rules.RuleStatus;
import io.loyaltydesk.rules.RuleVersion;
import io.loyaltydesk.rules.Rules;
import io.loyaltydesk.rules.Simulation;
import io.loyaltydesk.staff.Access;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Instant;
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
@RequestMapping("/api/v1/rules")
@Tag(name = "Rules", description = "Earning rules and promotions: CEL conditions, effects, caps, versions, simulation")
class RulesApi {

    private final Rules rules;

    RulesApi(Rules rules) {
        this.rules = rules;
    }

    record RuleView(long id, RuleStatus status, int version, RuleDefinition definition, String builtInCondition,
            Instant createdAt, Instant updatedAt) {
    }

    record CreateRequest(RuleDefinition definition, RuleStatus status) {
    }

    record UpdateRequest(RuleDefinition definition, String reason) {
    }

    record StatusRequest(RuleStatus status, String reason) {
    }

    record CheckRequest(String expression, String target) {
    }

    record SimulateRequest(RuleDefinition rule, Long ruleId, Instant from, Instant to) {
    }

    private RuleView view(Rule rule) {
        return new RuleView(rule.id(), rule.status(), rule.version(), rule.definition(),
                rules.builtInCondition(rule.definition()), rule.createdAt(), rule.updatedAt());
    }

    @GetMapping
    @PreAuthorize(Access.API_RULES_READ)
    @Operation(summary = "List rules", description = "Highest priority first; optionally only one status.")
    List<RuleView> list(@RequestParam(required = false) RuleStatus status) {
        return rules.all(status).stream().map(this::view).toList();
    }

    @GetMapping("/{id}")
    @PreAuthorize(Access.API_RULES_READ)
    @Operation(summary = "Read a rule at its current version")
    RuleView get(@PathVariable long id) {
        return view(rules.get(id));
    }

    @GetMapping("/{id}/versions")
    @PreAuthorize(Access.API_RULES_READ)
    @Operation(summary = "Every version of a rule, newest first", description = "Versions never change; awards "
            + "name the (ruleId, version) that gave them.")
    List<RuleVersion> versions(@PathVariable long id) {
        return rules.versions(id);
    }

    @GetMapping("/{id}/versions/{version}")
    @PreAuthorize(Access.API_RULES_READ)
    @Operation(summary = "One version of a rule")
    RuleVersion version(@PathVariable long id, @PathVariable int version) {
        return rules.version(id, version);
    }

    @PostMapping
    @PreAuthorize(Access.API_RULES_WRITE)
    @Operation(summary = "Create a rule", description = "Starts as DRAFT unless a status is given. Bad fields give "
            + "400 with every one in errors[]; CEL errors carry the compiler's message with line and column.")
    ResponseEntity<RuleView> create(@RequestBody CreateRequest request) {
        var rule = rules.create(request.definition() == null ? empty() : request.definition(), request.status());
        return ResponseEntity.created(URI.create("/api/v1/rules/" + rule.id())).body(view(rule));
    }

    @PutMapping("/{id}")
    @PreAuthorize(Access.API_RULES_WRITE)
    @Operation(summary = "Change a rule", description = "Saves the definition as the next version; points already "
            + "earned keep the version that gave them.")
    RuleView update(@PathVariable long id, @RequestBody UpdateRequest request) {
        return view(rules.update(id, request.definition() == null ? empty() : request.definition(), request.reason()));
    }

    @PostMapping("/{id}/status")
    @PreAuthorize(Access.API_RULES_WRITE)
    @Operation(summary = "Activate, pause or archive a rule", description = "Only ACTIVE rules earn. Archiving is final.")
    RuleView status(@PathVariable long id, @RequestBody StatusRequest request) {
        return view(rules.changeStatus(id, request.status(), request.reason()));
    }

    @PostMapping("/validate")
    @PreAuthorize(Access.API_RULES_READ)
    @Operation(summary = "Compile a CEL expression", description = "target: condition (default) or lineFilter. "
            + "Answers {valid, errors:[{message, line, column}]} with 1-based positions; saves nothing.")
    ExpressionCheck validate(@RequestBody CheckRequest request) {
        return rules.check(request.expression(), request.target());
    }

    @PostMapping("/simulate")
    @PreAuthorize(Access.API_RULES_READ)
    @Operation(summary = "Simulate a draft rule on past purchases", description = "Give a draft rule, a ruleId, or "
            + "both (an edit of a saved rule). Reports purchases scanned and matched, members affected, extra points "
            + "and extra liability over the rules active now, with up to 10 samples. Writes nothing.")
    Simulation simulate(@RequestBody SimulateRequest request) {
        return rules.simulate(request.rule(), request.ruleId(), request.from(), request.to());
    }

    private static RuleDefinition empty() {
        return new RuleDefinition(null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }
}
