package io.loyaltydesk.integration;

import java.util.List;

/**
 * What an import did. Every data row lands in exactly one of created, updated, unchanged or failed.
 *
 * @param rows the data rows read (blank lines are not rows)
 * @param errors one entry per problem, at most {@link MemberImport#ERRORS_LISTED_MAX}; a failed row may have
 *        several
 * @param errorsTruncated true when more problems were found than are listed
 */
public record ImportReport(int rows, int created, int updated, int unchanged, int failed, List<RowError> errors,
        boolean errorsTruncated) {

    /**
     * One problem with one row.
     *
     * @param row the line number in the file where the row starts; the header is line 1
     * @param field the column at fault, or null when the row as a whole was refused
     */
    public record RowError(long row, String field, String message) {
    }
}
