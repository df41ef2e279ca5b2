package io.loyaltydesk.integration.internal;

import io.loyaltydesk.integration.ImportRefused;
import io.loyaltydesk.integration.ImportReport;
import io.loyaltydesk.integration.MemberImport;
import io.loyaltydesk.staff.Access;
import io.loyaltydesk.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/imports")
@Tag(name = "Imports", description = "Bulk imports from CSV files")
class ImportsApi {

    private final MemberImport memberImport;

    ImportsApi(MemberImport memberImport) {
        this.memberImport = memberImport;
    }

    @PostMapping(path = "/members", consumes = "text/csv")
    @PreAuthorize(Access.API_IMPORTS_WRITE)
    @Operation(summary = "Import members from a CSV file", description = """
            Send the file as the request body with `Content-Type: text/csv` (UTF-8; Windows-1252 is accepted too). \
            Comma or semicolon separated, RFC 4180 quoting. The first row is the header; its column names are \
            matched ignoring case and may come in any order:

            | column | content |
            |---|---|
            | email, phone, externalId, cardNumber | identifiers; every row needs at least one |
            | firstName, lastName | text, at most 100 characters |
            | birthDate | YYYY-MM-DD |
            | locale | a language tag such as `de` or `en-GB` |
            | homeStoreCode | the code of a known store |
            | consentEmail, consentSms, consentPush | true/false, yes/no or 1/0; a missing one means not granted for new members |
            | enrolledAt | when the member joined the earlier program: a date (midnight, server time zone) or an instant such as 2021-03-14T09:30:00Z; not in the future; used for new members only |

            Any other column refuses the whole file (400, the unknown columns named in `detail` and `errors[]`). \
            An empty cell means "not given" and never clears a field.

            Each row is imported in its own transaction and audited like any other change. A row whose email \
            or external id (or, if it has neither, whose phone or card number) already belongs to a member \
            updates that member's given fields (`updated`), or changes nothing when they already hold \
            (`unchanged`); other rows enroll new members with source `import` (`created`). So a file can be \
            imported again safely. A bad row does not stop the others: it counts as `failed` and each of its \
            problems is listed in `errors[]` as `{row, field, message}`, where `row` is the line number in the \
            file (the header is line 1) and `field` the column (null when the row as a whole was refused). \
            At most 1,000 errors are listed (`errorsTruncated` says when there were more).

            Limits: 10 MB (413) and 50,000 rows (400) per file; an empty body is a 400.""",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    content = @Content(mediaType = "text/csv", schema = @Schema(type = "string",
                            example = "email,firstName,lastName,consentEmail,enrolledAt\n"
                                    + "anna@example.com,Anna,Berg,yes,2021-03-14\n"))))
    ImportReport importMembers(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > MemberImport.BYTES_MAX) {
            throw MemberImport.tooLarge();
        }
        return memberImport.importCsv(request.getInputStream());
    }

    @ExceptionHandler(ImportRefused.class)
    ResponseEntity<ProblemDetail> refused(ImportRefused e) {
        var status = e.reason() == ImportRefused.Reason.TOO_LARGE ? HttpStatus.CONTENT_TOO_LARGE : HttpStatus.BAD_REQUEST;
        var problem = Problems.of(status, "import-" + e.reason().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                e.getMessage());
        if (!e.problems().isEmpty()) {
            problem.setProperty("errors", e.problems());
        }
        return ResponseEntity.status(status).body(problem);
    }
}
