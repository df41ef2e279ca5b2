package io.loyaltydesk.members;

/**
 * Search criteria, all optional and combined with AND. {@code q} is the free-text box of the console:
 * it matches names, the member number, and any identifier that looks like the text.
 */
public record MemberSearch(String email, String phone, String card, String externalId, String q,
        MemberStatus status) {
}
