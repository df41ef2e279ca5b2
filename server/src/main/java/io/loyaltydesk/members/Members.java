package io.loyaltydesk.members;

import io.loyaltydesk.members.internal.MemberInput;
import io.loyaltydesk.members.internal.MemberRecords;
import io.loyaltydesk.members.internal.MembersProperties;
import io.loyaltydesk.members.internal.PhoneNumbers;
import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.platform.FieldProblem;
import io.loyaltydesk.platform.KeysetPage;
import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.staff.AuditQuery;
import io.loyaltydesk.staff.AuditTrail;
import io.loyaltydesk.staff.Stores;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The members of the program. Every command runs in one transaction, checks all its input first and
 * writes nothing when it refuses; every change lands in the audit log with who made it and why.
 */
@Service
public class Members {

    private static final Set<String> CHANGEABLE = Set.of("firstName", "lastName", "email", "phone", "birthDate",
            "locale", "homeStoreCode", "externalId", "status", "consents");

    private final MemberRecords records;
    private final AuditTrail audit;
    private final Stores stores;
    private final ApplicationEventPublisher events;
    private final MembersProperties properties;
    private final JsonMapper json;
    private final Clock clock;

    Members(MemberRecords records, AuditTrail audit, Stores stores, ApplicationEventPublisher events,
            MembersProperties properties, JsonMapper json, Clock clock) {
        this.records = records;
        this.audit = audit;
        this.stores = stores;
        this.events = events;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    @Transactional
    public Member enroll(Enrollment enrollment) {
        var problems = new ArrayList<FieldProblem>();
        var firstName = MemberInput.name("firstName", enrollment.firstName(), problems);
        var lastName = MemberInput.name("lastName", enrollment.lastName(), problems);
        var email = MemberInput.email(enrollment.email(), problems);
        var phone = MemberInput.phone(enrollment.phone(), properties.defaultRegion(), problems);
        var card = MemberInput.card(enrollment.cardNumber(), problems);
        var externalId = MemberInput.externalId(enrollment.externalId(), problems);
        var birthDate = MemberInput.birthDate(enrollment.birthDate(), today(), problems);
        var locale = MemberInput.locale(enrollment.locale(), problems);
        var homeStore = homeStore(enrollment.homeStoreCode(), problems);
        var now = clock.instant();
        if (enrollment.enrolledAt() != null && enrollment.enrolledAt().isAfter(now)) {
            problems.add(new FieldProblem("enrolledAt", "must not lie in the future"));
        }
        boolean noIdentifier = isBlank(enrollment.email()) && isBlank(enrollment.phone())
                && isBlank(enrollment.cardNumber()) && isBlank(enrollment.externalId());
        if (noIdentifier) {
            problems.add(new FieldProblem("email", "give at least one of email, phone, card number or external id"));
        }
        if (!problems.isEmpty()) {
            throw new CommandRefusedException.InvalidInput(problems);
        }
        var identifiers = new LinkedHashMap<IdentifierKind, String>();
        putIfPresent(identifiers, IdentifierKind.EMAIL, email);
        putIfPresent(identifiers, IdentifierKind.PHONE, phone);
        putIfPresent(identifiers, IdentifierKind.CARD, card);
        putIfPresent(identifiers, IdentifierKind.EXTERNAL_ID, externalId);
        identifiers.forEach((kind, value) -> ensureFree(kind, value, null));

        // a member carried over from an earlier program keeps the date it joined; everything else about
        // this enrollment (identifiers, consents) happens now
        var enrolledAt = enrollment.enrolledAt() == null ? now : enrollment.enrolledAt();
        var source = isBlank(enrollment.source()) ? "api" : enrollment.source();
        var id = records.insert(new MemberRecords.NewRow(firstName, lastName, birthDate, locale, homeStore, source,
                enrolledAt, now));
        identifiers.forEach((kind, value) -> records.addIdentifier(id, kind, value, true, now));
        var consents = enrollment.consents() == null ? Map.<Channel, Boolean>of() : enrollment.consents();
        for (var channel : Channel.values()) {
            records.setConsent(id, channel, Boolean.TRUE.equals(consents.get(channel)), source, now);
        }
        var member = get(id);
        audit.record("member.enrolled", "member", id, null, snapshot(member), null);
        events.publishEvent(new MemberEnrolled(id, source));
        return member;
    }

    @Transactional
    public Member update(MemberId id, MemberChanges changes) {
        var before = records.lock(id).orElseThrow(() -> new CommandRefusedException.NotFound("Member", id));
        refuseIfGone(before);
        var fields = changes.fields() == null ? Map.<String, Object>of() : changes.fields();
        var problems = new ArrayList<FieldProblem>();
        fields.keySet().stream().filter(f -> !CHANGEABLE.contains(f)).sorted()
                .forEach(f -> problems.add(new FieldProblem(f, "is not a field that can be changed")));

        var firstName = fields.containsKey("firstName")
                ? MemberInput.name("firstName", text(fields, "firstName", problems), problems) : before.firstName();
        var lastName = fields.containsKey("lastName")
                ? MemberInput.name("lastName", text(fields, "lastName", problems), problems) : before.lastName();
        var birthDate = fields.containsKey("birthDate")
                ? MemberInput.birthDate(fields.get("birthDate"), today(), problems) : before.birthDate();
        var locale = fields.containsKey("locale")
                ? MemberInput.locale(text(fields, "locale", problems), problems) : before.locale();
        var homeStore = fields.containsKey("homeStoreCode")
                ? homeStore(text(fields, "homeStoreCode", problems), problems) : before.homeStoreId();
        var status = fields.containsKey("status") ? status(fields.get("status"), problems) : before.status();
        var email = fields.containsKey("email") ? MemberInput.email(text(fields, "email", problems), problems) : null;
        var phone = fields.containsKey("phone")
                ? MemberInput.phone(text(fields, "phone", problems), properties.defaultRegion(), problems) : null;
        var externalId = fields.containsKey("externalId")
                ? MemberInput.externalId(text(fields, "externalId", problems), problems) : null;
        var consents = fields.containsKey("consents") ? consents(fields.get("consents"), problems) : null;
        if (!problems.isEmpty()) {
            throw new CommandRefusedException.InvalidInput(problems);
        }
        if (email != null) {
            ensureFree(IdentifierKind.EMAIL, email, id);
        }
        if (phone != null) {
            ensureFree(IdentifierKind.PHONE, phone, id);
        }
        if (externalId != null) {
            ensureFree(IdentifierKind.EXTERNAL_ID, externalId, id);
        }

        var now = clock.instant();
        records.updateProfile(id, firstName, lastName, birthDate, locale, homeStore, status, now);
        if (fields.containsKey("email")) {
            records.replacePrimary(id, IdentifierKind.EMAIL, email, now);
        }
        if (fields.containsKey("phone")) {
            records.replacePrimary(id, IdentifierKind.PHONE, phone, now);
        }
        if (fields.containsKey("externalId")) {
            records.replacePrimary(id, IdentifierKind.EXTERNAL_ID, externalId, now);
        }
        if (consents != null) {
            var source = isBlank(changes.source()) ? "api" : changes.source();
            consents.forEach((channel, granted) -> {
                if (before.consented(channel) != granted || !before.consents().containsKey(channel)) {
                    records.setConsent(id, channel, granted, source, now);
                }
            });
        }
        var after = get(id);
        audit.record(status != before.status() ? "member.status-changed" : "member.updated", "member", id,
                snapshot(before), snapshot(after), changes.reason());
        return after;
    }

    /** Adds a card number or another external id to a member. */
    @Transactional
    public Member addIdentifier(MemberId id, IdentifierKind kind, String value, String reason) {
        var before = records.lock(id).orElseThrow(() -> new CommandRefusedException.NotFound("Member", id));
        refuseIfGone(before);
        var problems = new ArrayList<FieldProblem>();
        var normalised = normalise(kind, value, problems);
        if (normalised == null && problems.isEmpty()) {
            problems.add(new FieldProblem("value", "is required"));
        }
        if (!problems.isEmpty()) {
            throw new CommandRefusedException.InvalidInput(problems);
        }
        ensureFree(kind, normalised, id);
        if (before.all(kind).contains(normalised)) {
            return before;
        }
        records.addIdentifier(id, kind, normalised, before.all(kind).isEmpty(), clock.instant());
        var after = get(id);
        audit.record("member.identifier-added", "member", id, snapshot(before), snapshot(after), reason);
        return after;
    }

    @Transactional
    public Member removeIdentifier(MemberId id, IdentifierKind kind, String value, String reason) {
        var before = records.lock(id).orElseThrow(() -> new CommandRefusedException.NotFound("Member", id));
        refuseIfGone(before);
        if (before.identifiers().size() <= 1) {
            throw new CommandRefusedException.RuleViolated("last-identifier",
                    "A member keeps at least one identifier; add another before removing this one");
        }
        if (records.removeIdentifier(id, kind, value) == 0) {
            throw new CommandRefusedException.NotFound(kind.name().toLowerCase(Locale.ROOT), value);
        }
        var after = get(id);
        audit.record("member.identifier-removed", "member", id, snapshot(before), snapshot(after), reason);
        return after;
    }

    /**
     * Retires one of the member's identifiers (a lost or replaced loyalty card): it stays with the member, so it is
     * never given to anyone else, but no longer finds the member (lookups, purchases). Unlike removing, this is
     * allowed for the last identifier: the member keeps the member number. Retiring a retired identifier changes
     * nothing.
     */
    @Transactional
    public Member retireIdentifier(MemberId id, IdentifierKind kind, String value, String reason) {
        var before = records.lock(id).orElseThrow(() -> new CommandRefusedException.NotFound("Member", id));
        refuseIfGone(before);
        var holder = value == null ? Optional.<MemberRecords.Holder>empty() : records.holderOf(kind, value);
        if (holder.isEmpty() || !holder.get().memberId().equals(id)) {
            throw new CommandRefusedException.NotFound(label(kind), value);
        }
        if (holder.get().retired()) {
            return before;
        }
        records.retireIdentifier(id, kind, value, clock.instant());
        var after = get(id);
        audit.record("member.identifier-retired", "member", id, snapshot(before), snapshot(after), reason);
        return after;
    }

    /** Whether an identifier (normalised) is held by any member, retired ones included. */
    @Transactional(readOnly = true)
    public boolean identifierTaken(IdentifierKind kind, String value) {
        return records.holderOf(kind, value).isPresent();
    }

    /**
     * Merges {@code duplicate} into {@code survivor}: the duplicate's identifiers move over, the duplicate
     * is marked MERGED and points to the survivor, and the merge is recorded. Other modules move their data
     * on {@link MembersMerged}.
     */
    @Transactional
    public Member merge(MemberId survivorId, MemberId duplicateId, String reason) {
        if (isBlank(reason)) {
            throw new CommandRefusedException.InvalidInput("reason", "say why these members are the same person");
        }
        if (survivorId.equals(duplicateId)) {
            throw new CommandRefusedException.RuleViolated("merge-self", "A member cannot be merged into itself");
        }
        // lock in id order so that two opposite merges cannot deadlock
        var first = survivorId.value() < duplicateId.value() ? survivorId : duplicateId;
        var second = first.equals(survivorId) ? duplicateId : survivorId;
        var lockedFirst = records.lock(first).orElseThrow(() -> new CommandRefusedException.NotFound("Member", first));
        var lockedSecond = records.lock(second).orElseThrow(() -> new CommandRefusedException.NotFound("Member", second));
        var survivor = first.equals(survivorId) ? lockedFirst : lockedSecond;
        var duplicate = first.equals(survivorId) ? lockedSecond : lockedFirst;
        refuseIfGone(survivor);
        refuseIfGone(duplicate);

        var now = clock.instant();
        var moved = records.moveIdentifiers(duplicateId, survivorId);
        records.markMerged(duplicateId, survivorId, now);
        var actor = Actor.current();
        records.recordMerge(survivorId, duplicateId, json.writeValueAsString(moved), reason.strip(), actor.name(), now);
        var after = get(survivorId);
        audit.record("member.merged", "member", survivorId, snapshot(survivor), snapshot(after), reason);
        audit.record("member.merged-away", "member", duplicateId, snapshot(duplicate), snapshot(get(duplicateId)), reason);
        events.publishEvent(new MembersMerged(survivorId, duplicateId));
        return after;
    }

    /** Everything held about a member, as a data subject access request answer. The export itself is audited. */
    @Transactional
    public Map<String, Object> export(MemberId id) {
        var member = get(id);
        var export = new LinkedHashMap<String, Object>();
        export.put("exportedAt", clock.instant());
        export.put("member", snapshot(member));
        export.put("memberNumber", member.memberNumber());
        export.put("enrolledVia", member.enrolledVia());
        export.put("createdAt", member.createdAt());
        export.put("consents", member.consents().values());
        export.put("identifiers", member.identifiers());
        export.put("merges", records.merges(id));
        export.put("changes", audit.search(AuditQuery.forEntity("member", id.toString()), null, 1000).items());
        audit.record("member.exported", "member", id, null, null, null);
        return export;
    }

    /**
     * Erases a member's personal data on request: names, birth date, locale and every identifier go, the
     * recorded states in the audit log are redacted, consents are withdrawn. The member row, its number
     * and financial records stay, so the ledger still balances.
     */
    @Transactional
    public Member erase(MemberId id, String reason) {
        if (isBlank(reason)) {
            throw new CommandRefusedException.InvalidInput("reason", "record the request that asked for erasure");
        }
        var before = records.lock(id).orElseThrow(() -> new CommandRefusedException.NotFound("Member", id));
        if (before.erased()) {
            return before;
        }
        var now = clock.instant();
        records.erase(id, now);
        for (var channel : Channel.values()) {
            records.setConsent(id, channel, false, "erasure", now);
        }
        audit.redact("member", id);
        var after = get(id);
        audit.record("member.erased", "member", id, null, Map.of("memberNumber", after.memberNumber()), reason);
        events.publishEvent(new MemberErased(id));
        return after;
    }

    @Transactional(readOnly = true)
    public Optional<Member> find(MemberId id) {
        return records.find(id);
    }

    /**
     * {@link #find} for many members at once (three queries however many), e.g. to message the members of a batch
     * of purchases; members that do not exist are absent from the map.
     */
    @Transactional(readOnly = true)
    public Map<MemberId, Member> findAll(Collection<MemberId> ids) {
        var found = new LinkedHashMap<MemberId, Member>();
        records.findAll(ids).forEach(m -> found.put(m.id(), m));
        return found;
    }

    /** Refuses with NotFound unless the member exists; one cheap read, for endpoints that only need that. */
    @Transactional(readOnly = true)
    public void requireExists(MemberId id) {
        if (!records.exists(id)) {
            throw new CommandRefusedException.NotFound("Member", id);
        }
    }

    @Transactional(readOnly = true)
    public Member get(MemberId id) {
        return records.find(id).orElseThrow(() -> new CommandRefusedException.NotFound("Member", id));
    }

    /** The member an identifier belongs to, with the identifier normalised as on enrollment. */
    @Transactional(readOnly = true)
    public Optional<Member> findBy(IdentifierKind kind, String value) {
        var normalised = normalise(kind, value, new ArrayList<>());
        return normalised == null ? Optional.empty() : records.ownerOf(kind, normalised).flatMap(records::find);
    }

    /**
     * An email or phone number as the members module would store it (phone numbers in E.164 with the default
     * region); refuses with InvalidInput, naming the field after the kind, when it is not valid.
     */
    public String normalised(IdentifierKind kind, String value) {
        var problems = new ArrayList<FieldProblem>();
        var normalised = normalise(kind, value, problems);
        if (!problems.isEmpty()) {
            throw new CommandRefusedException.InvalidInput(problems);
        }
        if (normalised == null) {
            throw new CommandRefusedException.InvalidInput(kind.name().toLowerCase(Locale.ROOT), "is required");
        }
        return normalised;
    }

    /** {@link #findBy} in one query, with only what the intake of purchases needs. */
    @Transactional(readOnly = true)
    public Optional<MemberStanding> standingBy(IdentifierKind kind, String value) {
        var normalised = normalise(kind, value, new ArrayList<>());
        return normalised == null ? Optional.empty() : records.standingBy(kind, normalised);
    }

    /**
     * {@link #standingBy} for many identifiers of one kind in one query (a batch of purchases), by the value as
     * given; a value nobody holds, or that is not a valid identifier of the kind, is absent.
     */
    @Transactional(readOnly = true)
    public Map<String, MemberStanding> standingsBy(IdentifierKind kind, Collection<String> values) {
        var normalised = new HashMap<String, String>();
        for (var value : values) {
            var n = value == null ? null : normalise(kind, value, new ArrayList<>());
            if (n != null) {
                normalised.put(value, n);
            }
        }
        var found = records.standingsBy(kind, Set.copyOf(normalised.values()));
        var byGiven = new HashMap<String, MemberStanding>();
        normalised.forEach((given, n) -> {
            if (found.containsKey(n)) {
                byGiven.put(given, found.get(n));
            }
        });
        return byGiven;
    }

    /** {@link #find} in one query, with only what the intake of purchases needs. */
    @Transactional(readOnly = true)
    public Optional<MemberStanding> standing(MemberId id) {
        return records.standing(id);
    }

    @Transactional(readOnly = true)
    public Optional<Member> findByNumber(String memberNumber) {
        return records.findByNumber(memberNumber == null ? "" : memberNumber.strip());
    }

    @Transactional(readOnly = true)
    public KeysetPage<Member> search(MemberSearch search, String cursor, int limit) {
        var problems = new ArrayList<FieldProblem>();
        String phone = null;
        if (!isBlank(search.phone())) {
            phone = MemberInput.phone(search.phone(), properties.defaultRegion(), problems);
        } else if (!isBlank(search.q())) {
            phone = PhoneNumbers.e164(search.q(), properties.defaultRegion()).orElse(null);
        }
        if (!problems.isEmpty()) {
            throw new CommandRefusedException.InvalidInput(problems);
        }
        var fetched = records.search(search, phone, KeysetPage.decode(cursor), limit);
        return KeysetPage.of(fetched, limit, m -> m.id().value());
    }

    @Transactional(readOnly = true)
    public long count() {
        return records.count();
    }

    @Transactional(readOnly = true)
    public long countByStatus(MemberStatus status) {
        return records.countByStatus(status);
    }

    @Transactional(readOnly = true)
    public long countEnrolledSince(Instant since) {
        return records.countEnrolledSince(since);
    }

    private String normalise(IdentifierKind kind, String value, List<FieldProblem> problems) {
        return switch (kind) {
            case EMAIL -> MemberInput.email(value, problems);
            case PHONE -> MemberInput.phone(value, properties.defaultRegion(), problems);
            case CARD -> MemberInput.card(value, problems);
            case EXTERNAL_ID -> MemberInput.externalId(value, problems);
        };
    }

    private void ensureFree(IdentifierKind kind, String value, MemberId self) {
        var holder = records.holderOf(kind, value);
        if (holder.isPresent() && holder.get().retired()) {
            throw new CommandRefusedException.Conflict("identifier-retired",
                    label(kind) + " " + value + " was blocked and cannot be used again");
        }
        holder.map(MemberRecords.Holder::memberId).filter(owner -> !owner.equals(self)).ifPresent(owner -> {
            throw new CommandRefusedException.Conflict("identifier-taken",
                    label(kind) + " " + value + " already belongs to another member");
        });
    }

    private static String label(IdentifierKind kind) {
        return switch (kind) {
            case EMAIL -> "Email";
            case PHONE -> "Phone";
            case CARD -> "Card number";
            case EXTERNAL_ID -> "External id";
        };
    }

    private static void refuseIfGone(Member member) {
        if (member.status() == MemberStatus.MERGED) {
            throw new CommandRefusedException.RuleViolated("member-merged",
                    "Member " + member.id() + " was merged into member " + member.mergedInto());
        }
        if (member.erased()) {
            throw new CommandRefusedException.RuleViolated("member-erased",
                    "Member " + member.id() + " was erased and can no longer change");
        }
    }

    private Long homeStore(String code, List<FieldProblem> problems) {
        if (isBlank(code)) {
            return null;
        }
        var store = stores.byCode(code.strip());
        if (store.isEmpty()) {
            problems.add(new FieldProblem("homeStoreCode", "is not a known store"));
            return null;
        }
        return store.get().id();
    }

    private static MemberStatus status(Object value, List<FieldProblem> problems) {
        try {
            var status = MemberStatus.valueOf(String.valueOf(value).strip().toUpperCase(Locale.ROOT));
            if (status == MemberStatus.MERGED) {
                problems.add(new FieldProblem("status", "members become MERGED only through a merge"));
                return null;
            }
            return status;
        } catch (IllegalArgumentException e) {
            problems.add(new FieldProblem("status", "must be one of ACTIVE, BLOCKED, CLOSED"));
            return null;
        }
    }

    private static Map<Channel, Boolean> consents(Object value, List<FieldProblem> problems) {
        if (!(value instanceof Map<?, ?> map)) {
            problems.add(new FieldProblem("consents", "must be an object such as {\"EMAIL\": true}"));
            return null;
        }
        var consents = new EnumMap<Channel, Boolean>(Channel.class);
        map.forEach((k, v) -> {
            Channel channel;
            try {
                channel = Channel.valueOf(String.valueOf(k).toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(new FieldProblem("consents." + k, "is not a channel (EMAIL, SMS, PUSH)"));
                return;
            }
            if (!(v instanceof Boolean granted)) {
                problems.add(new FieldProblem("consents." + k, "must be true or false"));
                return;
            }
            consents.put(channel, granted);
        });
        return consents;
    }

    private static String text(Map<String, Object> fields, String name, List<FieldProblem> problems) {
        var value = fields.get(name);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        problems.add(new FieldProblem(name, "must be text"));
        return null;
    }

    private static Map<String, Object> snapshot(Member member) {
        var state = new LinkedHashMap<String, Object>();
        state.put("status", member.status());
        state.put("firstName", member.firstName());
        state.put("lastName", member.lastName());
        state.put("birthDate", member.birthDate());
        state.put("locale", member.locale());
        state.put("homeStoreId", member.homeStoreId());
        state.put("identifiers", member.identifiers().stream().map(i -> i.kind() + ":" + i.value()).toList());
        var consents = new LinkedHashMap<String, Boolean>();
        member.consents().values().forEach(c -> consents.put(c.channel().name(), c.granted()));
        state.put("consents", consents);
        return state;
    }

    private LocalDate today() {
        return LocalDate.now(clock);
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }

    private static <K, V> void putIfPresent(Map<K, V> map, K key, V value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
