package io.loyaltydesk.segments.internal;

import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.platform.KeysetPage;
import io.loyaltydesk.segments.Segment;
import io.loyaltydesk.segments.SegmentDefinition;
import io.loyaltydesk.segments.SegmentMember;
import io.loyaltydesk.segments.Segments;
import io.loyaltydesk.staff.Access;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Static segments and their members. Segments are member data: members:read to read, members:write to change. */
@RestController
@RequestMapping("/api/v1/segments")
@Tag(name = "Segments", description = "Static segments of members (added by id, member number or email, or CSV), "
        + "for segment-exclusive rewards")
class SegmentsApi {

    private final Segments segments;

    SegmentsApi(Segments segments) {
        this.segments = segments;
    }

    record UpdateRequest(String name, String description, String reason) {
    }

    record AddRequest(List<Long> memberIds, String reason) {
    }

    @GetMapping
    @PreAuthorize(Access.API_MEMBERS_READ)
    @Operation(summary = "List segments", description = "By code, each with its member count.")
    List<Segment> list() {
        return segments.all();
    }

    @PostMapping
    @PreAuthorize(Access.API_MEMBERS_WRITE)
    @Operation(summary = "Create a segment", description = "code: 2 to 40 of A-Z, 0-9, _ and - (lower case is "
            + "raised); name required. Bad fields give 400 with every one in errors[]; an existing code gives 409.")
    ResponseEntity<Segment> create(@RequestBody SegmentDefinition definition) {
        var segment = segments.create(definition);
        return ResponseEntity.created(URI.create("/api/v1/segments/" + segment.code())).body(segment);
    }

    @GetMapping("/{code}")
    @PreAuthorize(Access.API_MEMBERS_READ)
    @Operation(summary = "Read a segment")
    Segment get(@PathVariable String code) {
        return segments.get(code);
    }

    @PutMapping("/{code}")
    @PreAuthorize(Access.API_MEMBERS_WRITE)
    @Operation(summary = "Change a segment's name and description", description = "The code stays.")
    Segment update(@PathVariable String code, @RequestBody UpdateRequest request) {
        return segments.update(code, new SegmentDefinition(code, request.name(), request.description()),
                request.reason());
    }

    @GetMapping("/{code}/members")
    @PreAuthorize(Access.API_MEMBERS_READ)
    @Operation(summary = "A segment's members", description = "In member id order, keyset paginated: pass "
            + "nextCursor as cursor for the next page; limit 1 to 500 (default 100).")
    KeysetPage<SegmentMember> members(@PathVariable String code, @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        return segments.members(code, cursor, KeysetPage.limit(limit, 100, 500));
    }

    @PostMapping("/{code}/members")
    @PreAuthorize(Access.API_MEMBERS_WRITE)
    @Operation(summary = "Add members by id", description = "{memberIds: [..]} (at most 1000). Members already in "
            + "are counted as alreadyMembers; ids of no member are listed in unknown. Audited.")
    Segments.AddResult add(@PathVariable String code, @RequestBody AddRequest request) {
        return segments.addMembers(code, request.memberIds(), request.reason());
    }

    @DeleteMapping("/{code}/members/{memberId}")
    @PreAuthorize(Access.API_MEMBERS_WRITE)
    @Operation(summary = "Take a member out of a segment", description = "204 also when the member was not in it.")
    ResponseEntity<Void> remove(@PathVariable String code, @PathVariable long memberId,
            @RequestParam(required = false) String reason) {
        segments.removeMember(code, memberId, reason);
        return ResponseEntity.noContent().build();
    }

    @PostMapping(path = "/{code}/members/import", consumes = {"text/csv", "text/plain"})
    @PreAuthorize(Access.API_MEMBERS_WRITE)
    @Operation(summary = "Add members from CSV", description = "One member number or email per line (first column; "
            + "a header line is skipped), at most 10,000 lines. The answer reports every line: ADDED, "
            + "ALREADY_MEMBER or UNKNOWN.")
    Segments.ImportResult importMembers(@PathVariable String code, @RequestBody(required = false) byte[] csv) {
        if (csv == null || csv.length == 0) {
            throw new CommandRefusedException.InvalidInput("file", "is empty");
        }
        return segments.importMembers(code, new String(csv, StandardCharsets.UTF_8));
    }
}
