package io.loyaltydesk.members.internal;

import io.loyaltydesk.members.Channel;
import io.loyaltydesk.members.Consent;
import io.loyaltydesk.members.Enrollment;
import io.loyaltydesk.members.IdentifierKind;
import io.loyaltydesk.members.Member;
import io.loyaltydesk.members.MemberChanges;
import io.loyaltydesk.members.MemberId;
import io.loyaltydesk.members.MemberSearch;
import io.loyaltydesk.members.MemberStatus;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.platform.KeysetPage;
import io.loyaltydesk.staff.Access;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/members")
@Tag(name = "Members", description = "Enroll, find, change, merge, export and erase members")
class MembersApi {

    private final Members members;

    MembersApi(Members members) {
        this.members = members;
    }

    record EnrollRequest(String firstName, String lastName, String email, String phone, String birthDate,
            String locale, String externalId, String cardNumber, String homeStoreCode,
            Map<Channel, Boolean> consents) {
    }

    record ConsentView(boolean granted, String source, Instant changedAt) {
    }

    record MemberView(long id, String memberNumber, MemberStatus status, String firstName, String lastName,
            String email, String phone, List<String> emails, List<String> phones, List<String> cardNumbers,
            List<String> externalIds, LocalDate birthDate, String locale, Long homeStoreId,
            Map<Channel, ConsentView> consents, String enrolledVia, Long mergedInto, Instant erasedAt, int version,
            Instant createdAt, Instant updatedAt) {

        static MemberView of(Member m) {
            var consents = new HashMap<Channel, ConsentView>();
            for (Consent c : m.consents().values()) {
                consents.put(c.channel(), new ConsentView(c.granted(), c.source(), c.changedAt()));
            }
            return new MemberView(m.id().value(), m.memberNumber(), m.status(), m.firstName(), m.lastName(),
                    m.email().orElse(null), m.phone().orElse(null), m.all(IdentifierKind.EMAIL),
                    m.all(IdentifierKind.PHONE), m.all(IdentifierKind.CARD), m.all(IdentifierKind.EXTERNAL_ID),
                    m.birthDate(), m.locale(), m.homeStoreId(), consents, m.enrolledVia(), m.mergedInto(),
                    m.erasedAt(), m.version(), m.createdAt(), m.updatedAt());
        }
    }

    record MergeRequest(Long duplicateId, String reason) {
    }

    record ReasonRequest(String reason) {
    }

    record IdentifierRequest(String kind, String value, String reason) {
    }

    @PostMapping
    @PreAuthorize(Access.API_MEMBERS_WRITE)
    @Operation(summary = "Enroll a member", description = "Needs at least one of email, phone, cardNumber, externalId. "
            + "A taken identifier gives 409; bad fields give 400 with every bad field in errors[].")
    ResponseEntity<MemberView> enroll(@RequestBody EnrollRequest request) {
        var member = members.enroll(new Enrollment(request.firstName(), request.lastName(), request.email(),
                request.phone(), request.birthDate(), request.locale(), request.externalId(), request.cardNumber(),
                request.homeStoreCode(), request.consents(), "api", null));
        return ResponseEntity.created(URI.create("/api/v1/members/" + member.id())).body(MemberView.of(member));
    }

    @GetMapping("/{id}")
    @PreAuthorize(Access.API_MEMBERS_READ)
    @Operation(summary = "Read a member")
    MemberView get(@PathVariable long id) {
        return MemberView.of(members.get(new MemberId(id)));
    }

    @PatchMapping(path = "/{id}", consumes = {"application/json", "application/merge-patch+json"})
    @PreAuthorize(Access.API_MEMBERS_WRITE)
    @Operation(summary = "Change a member (JSON merge patch)", description = "Fields: firstName, lastName, email, "
            + "phone, birthDate, locale, homeStoreCode, externalId, status (ACTIVE, BLOCKED, CLOSED), consents "
            + "({\"EMAIL\": true}). A present null clears the field. An optional 'reason' is kept in the audit log.")
    MemberView update(@PathVariable long id, @RequestBody Map<String, Object> body) {
        var fields = new HashMap<>(body);
        var reason = fields.remove("reason");
        return MemberView.of(members.update(new MemberId(id),
                new MemberChanges(fields, reason == null ? null : reason.toString(), "api")));
    }

    @GetMapping
    @PreAuthorize(Access.API_MEMBERS_READ)
    @Operation(summary = "Find members", description = "By exact identifier (email, phone, card, externalId), by free "
            + "text q (name, member number, identifier) and status; newest first. Pass nextCursor back as cursor.")
    KeysetPage<MemberView> search(@RequestParam(required = false) String email,
            @RequestParam(required = false) String phone, @RequestParam(required = false) String card,
            @RequestParam(required = false) String externalId, @RequestParam(required = false) String q,
            @RequestParam(required = false) MemberStatus status, @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        return members.search(new MemberSearch(email, phone, card, externalId, q, status), cursor,
                KeysetPage.limit(limit, 50, 200)).map(MemberView::of);
    }

    @PostMapping("/{id}/merge")
    @PreAuthorize(Access.API_MEMBERS_WRITE)
    @Operation(summary = "Merge a duplicate into this member", description = "The duplicate's identifiers move "
            + "here and the duplicate becomes MERGED. A reason is required.")
    MemberView merge(@PathVariable long id, @RequestBody MergeRequest request) {
        if (request.duplicateId() == null) {
            throw new CommandRefusedException.InvalidInput("duplicateId", "is required");
        }
        return MemberView.of(members.merge(new MemberId(id), new MemberId(request.duplicateId()), request.reason()));
    }

    @GetMapping("/{id}/export")
    @PreAuthorize(Access.API_MEMBERS_READ)
    @Operation(summary = "Export everything held about a member (data subject access request)")
    Map<String, Object> export(@PathVariable long id) {
        return members.export(new MemberId(id));
    }

    @PostMapping("/{id}/erase")
    @PreAuthorize(Access.API_MEMBERS_WRITE)
    @Operation(summary = "Erase a member's personal data", description = "Anonymises the profile and identifiers, "
            + "redacts audit states; financial records stay. A reason is required. Repeating it changes nothing.")
    MemberView erase(@PathVariable long id, @RequestBody ReasonRequest request) {
        return MemberView.of(members.erase(new MemberId(id), request.reason()));
    }

    @PostMapping("/{id}/identifiers")
    @PreAuthorize(Access.API_MEMBERS_WRITE)
    @Operation(summary = "Add an identifier (EMAIL, PHONE, CARD, EXTERNAL_ID)")
    MemberView addIdentifier(@PathVariable long id, @RequestBody IdentifierRequest request) {
        return MemberView.of(members.addIdentifier(new MemberId(id), kind(request.kind()), request.value(),
                request.reason()));
    }

    @DeleteMapping("/{id}/identifiers/{kind}/{value}")
    @PreAuthorize(Access.API_MEMBERS_WRITE)
    @Operation(summary = "Remove an identifier")
    MemberView removeIdentifier(@PathVariable long id, @PathVariable String kind, @PathVariable String value,
            @RequestParam(required = false) String reason) {
        return MemberView.of(members.removeIdentifier(new MemberId(id), kind(kind), value, reason));
    }

    private static IdentifierKind kind(String kind) {
        try {
            return IdentifierKind.valueOf(String.valueOf(kind).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandRefusedException.InvalidInput("kind", "must be one of EMAIL, PHONE, CARD, EXTERNAL_ID");
        }
    }
}
