package io.loyaltydesk.members;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A member as every module reads it. {@code email} and {@code phone} are the primary ones; a merge can
 * leave a member with more, listed in {@code identifiers}.
 */
public record Member(MemberId id, String memberNumber, MemberStatus status, String firstName, String lastName,
        LocalDate birthDate, String locale, Long homeStoreId, String enrolledVia, Long mergedInto, Instant erasedAt,
        int version, Instant createdAt, Instant updatedAt, List<Identifier> identifiers,
        Map<Channel, Consent> consents) {

    public Optional<String> email() {
        return primary(IdentifierKind.EMAIL);
    }

    public Optional<String> phone() {
        return primary(IdentifierKind.PHONE);
    }

    public List<String> all(IdentifierKind kind) {
        return identifiers.stream().filter(i -> i.kind() == kind).map(Identifier::value).toList();
    }

    public String displayName() {
        var name = ((firstName == null ? "" : firstName) + " " + (lastName == null ? "" : lastName)).strip();
        return name.isEmpty() ? memberNumber : name;
    }

    public boolean consented(Channel channel) {
        var consent = consents.get(channel);
        return consent != null && consent.granted();
    }

    public boolean erased() {
        return erasedAt != null;
    }

    private Optional<String> primary(IdentifierKind kind) {
        return identifiers.stream().filter(i -> i.kind() == kind)
                .sorted((a, b) -> Boolean.compare(b.primary(), a.primary()))
                .map(Identifier::value).findFirst();
    }
}
