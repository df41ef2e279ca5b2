package io.loyaltydesk.integration;

import io.loyaltydesk.integration.ImportRefused.Reason;
import io.loyaltydesk.integration.ImportReport.RowError;
import io.loyaltydesk.members.Channel;
import io.loyaltydesk.members.Enrollment;
import io.loyaltydesk.members.IdentifierKind;
import io.loyaltydesk.members.Member;
import io.loyaltydesk.members.MemberChanges;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.platform.FieldProblem;
import io.loyaltydesk.staff.Stores;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Imports members from a CSV file, typically when a business moves over from an earlier loyalty program.
 * The file is checked as a whole first (size, header, row count); then every row is its own transaction
 * through {@link Members}, so a bad row is reported with its line number and does not stop the others.
 *
 * <p>Importing is idempotent: a row whose email or external id (or, when it has neither, phone or card
 * number) already names a member updates that member's given fields, or changes nothing when they already
 * hold. Empty cells mean "not given" and never clear a field.
 */
@Service
public class MemberImport {

    public static final int BYTES_MAX = 10 * 1024 * 1024;
    public static final int ROWS_MAX = 50_000;
    public static final int ERRORS_LISTED_MAX = 1_000;
    public static final String SOURCE = "import";

    /** The columns a file may have, in the spelling the documentation uses; matched ignoring case. */
    public static final List<String> COLUMNS = List.of("email", "phone", "firstName", "lastName", "birthDate",
            "locale", "externalId", "cardNumber", "homeStoreCode", "consentEmail", "consentSms", "consentPush",
            "enrolledAt");

    private static final List<String> IDENTIFIER_COLUMNS = List.of("email", "phone", "externalId", "cardNumber");
    private static final Map<String, Channel> CONSENT_COLUMNS = Map.of("consentEmail", Channel.EMAIL,
            "consentSms", Channel.SMS, "consentPush", Channel.PUSH);
    private static final Logger log = LoggerFactory.getLogger(MemberImport.class);

    private final Members members;
    private final Stores stores;
    private final TransactionTemplate transactions;
    private final Clock clock;

    MemberImport(Members members, Stores stores, PlatformTransactionManager transactionManager, Clock clock) {
        this.members = members;
        this.stores = stores;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    private enum Outcome { CREATED, UPDATED, UNCHANGED }

    /** Reads at most {@link #BYTES_MAX} bytes and imports them; a longer stream is refused as too large. */
    public ImportReport importCsv(InputStream in) throws IOException {
        var content = in.readNBytes(BYTES_MAX + 1);
        if (content.length > BYTES_MAX) {
            throw tooLarge();
        }
        return importCsv(content);
    }

    public static ImportRefused tooLarge() {
        return new ImportRefused(Reason.TOO_LARGE, "The file is larger than " + BYTES_MAX / (1024 * 1024)
                + " MB; split it into several files");
    }

    /**
     * Imports a CSV file: UTF-8 (Windows-1252 is accepted when the bytes are not UTF-8), comma or semicolon
     * separated, with a header row.
     *
     * @throws ImportRefused when the file as a whole cannot be imported; nothing was written then
     */
    public ImportReport importCsv(byte[] content) {
        if (content.length > BYTES_MAX) {
            throw tooLarge();
        }
        var text = decode(content);
        if (text.isBlank()) {
            throw new ImportRefused(Reason.EMPTY, "The file is empty; it needs a header row and at least one row");
        }
        var lines = new LineIndex(text);
        var records = parse(text);
        var header = header(records.getFirst());
        var rows = records.subList(1, records.size()).stream().filter(r -> !blank(r)).toList();
        if (rows.size() > ROWS_MAX) {
            throw new ImportRefused(Reason.TOO_MANY_ROWS, "The file has " + rows.size() + " rows; at most "
                    + ROWS_MAX + " fit in one import, split it into several files");
        }

        int created = 0;
        int updated = 0;
        int unchanged = 0;
        int failed = 0;
        var errors = new ArrayList<RowError>();
        boolean truncated = false;
        for (var record : rows) {
            long line = lines.lineAt(record.getCharacterPosition());
            var problems = new ArrayList<FieldProblem>();
            Outcome outcome = null;
            try {
                outcome = importRow(header, record, line, problems);
            } catch (CommandRefusedException.InvalidInput e) {
                problems.addAll(e.problems());
            } catch (CommandRefusedException e) {
                problems.add(new FieldProblem(null, e.getMessage()));
            } catch (DataAccessException e) {
                // a concurrent change took an identifier between the check and the write
                log.warn("Import row at line {} could not be saved", line, e);
                problems.add(new FieldProblem(null, "could not be saved because of a concurrent change; import it again"));
            }
            if (outcome == null || !problems.isEmpty()) {
                failed++;
                for (var problem : problems) {
                    if (errors.size() < ERRORS_LISTED_MAX) {
                        errors.add(new RowError(line, problem.field(), problem.message()));
                    } else {
                        truncated = true;
                    }
                }
                continue;
            }
            switch (outcome) {
                case CREATED -> created++;
                case UPDATED -> updated++;
                case UNCHANGED -> unchanged++;
            }
        }
        log.info("Member import: {} rows, {} created, {} updated, {} unchanged, {} failed", rows.size(), created,
                updated, unchanged, failed);
        return new ImportReport(rows.size(), created, updated, unchanged, failed, List.copyOf(errors), truncated);
    }

    /** One row in its own transaction; returns null (and fills {@code problems}) when the row is refused. */
    private Outcome importRow(Map<Integer, String> header, CSVRecord record, long line, List<FieldProblem> problems) {
        if (record.size() != header.size()) {
            problems.add(new FieldProblem(null, "has " + record.size() + " values but the header has "
                    + header.size() + " columns"));
            return null;
        }
        var values = new HashMap<String, String>();
        header.forEach((index, column) -> {
            var value = record.get(index);
            if (value != null && !value.isBlank()) {
                values.put(column, value.strip());
            }
        });
        var consents = new EnumMap<Channel, Boolean>(Channel.class);
        CONSENT_COLUMNS.forEach((column, channel) -> {
            if (values.containsKey(column)) {
                var granted = yesNo(values.get(column));
                if (granted == null) {
                    problems.add(new FieldProblem(column, "use true/false, yes/no or 1/0"));
                } else {
                    consents.put(channel, granted);
                }
            }
        });
        var enrolledAt = values.containsKey("enrolledAt") ? instant(values.get("enrolledAt"), problems) : null;
        if (!problems.isEmpty()) {
            return null;
        }
        return transactions.execute(status -> {
            var existing = existing(values, problems);
            if (!problems.isEmpty()) {
                return null;
            }
            var reason = "CSV import, line " + line;
            if (existing.isPresent()) {
                return update(existing.get(), values, consents, reason, problems);
            }
            refuseTaken(values, null, problems);
            if (!problems.isEmpty()) {
                return null;
            }
            members.enroll(new Enrollment(values.get("firstName"), values.get("lastName"), values.get("email"),
                    values.get("phone"), values.get("birthDate"), values.get("locale"), values.get("externalId"),
                    values.get("cardNumber"), values.get("homeStoreCode"), consents, SOURCE, enrolledAt));
            return Outcome.CREATED;
        });
    }

    /**
     * The member this row is about: found by email or external id; by phone or card number only when the
     * row has neither, so that files without a stable key can be imported again too.
     */
    private Optional<Member> existing(Map<String, String> values, List<FieldProblem> problems) {
        var byEmail = find(IdentifierKind.EMAIL, values.get("email"));
        var byExternalId = find(IdentifierKind.EXTERNAL_ID, values.get("externalId"));
        if (byEmail.isPresent() && byExternalId.isPresent() && !byEmail.get().id().equals(byExternalId.get().id())) {
            problems.add(new FieldProblem("externalId", "belongs to member " + byExternalId.get().memberNumber()
                    + " but the email belongs to member " + byEmail.get().memberNumber()));
            return Optional.empty();
        }
        if (byEmail.isPresent() || byExternalId.isPresent()) {
            return byEmail.or(() -> byExternalId);
        }
        if (values.containsKey("email") || values.containsKey("externalId")) {
            return Optional.empty();
        }
        return find(IdentifierKind.PHONE, values.get("phone")).or(() -> find(IdentifierKind.CARD, values.get("cardNumber")));
    }

    private Outcome update(Member member, Map<String, String> values, Map<Channel, Boolean> consents, String reason,
            List<FieldProblem> problems) {
        refuseTaken(values, member, problems);
        if (!problems.isEmpty()) {
            return null;
        }
        var fields = new LinkedHashMap<String, Object>();
        putIfDiffers(fields, "firstName", values.get("firstName"), member.firstName());
        putIfDiffers(fields, "lastName", values.get("lastName"), member.lastName());
        for (var column : List.of("email", "phone", "externalId")) {
            var value = values.get(column);
            if (value != null && !owns(member, kind(column), value)) {
                fields.put(column, value);
            }
        }
        var birthDate = values.get("birthDate");
        if (birthDate != null && !sameDate(birthDate, member.birthDate())) {
            fields.put("birthDate", birthDate);
        }
        var locale = values.get("locale");
        if (locale != null && !Locale.forLanguageTag(locale.replace('_', '-')).toLanguageTag().equals(member.locale())) {
            fields.put("locale", locale);
        }
        var storeCode = values.get("homeStoreCode");
        if (storeCode != null && !stores.byCode(storeCode).map(s -> (Long) s.id()).equals(
                Optional.ofNullable(member.homeStoreId()))) {
            fields.put("homeStoreCode", storeCode);
        }
        boolean consentsDiffer = consents.entrySet().stream().anyMatch(c -> !member.consents().containsKey(c.getKey())
                || member.consented(c.getKey()) != c.getValue());
        if (consentsDiffer) {
            var given = new LinkedHashMap<String, Object>();
            consents.forEach((channel, granted) -> given.put(channel.name(), granted));
            fields.put("consents", given);
        }
        var card = values.get("cardNumber");
        boolean newCard = card != null && !owns(member, IdentifierKind.CARD, card);
        if (fields.isEmpty() && !newCard) {
            return Outcome.UNCHANGED;
        }
        if (!fields.isEmpty()) {
            members.update(member.id(), new MemberChanges(fields, reason, SOURCE));
        }
        if (newCard) {
            members.addIdentifier(member.id(), IdentifierKind.CARD, card, reason);
        }
        return Outcome.UPDATED;
    }

    /** Names the identifiers of the row that already belong to a member other than {@code self}. */
    private void refuseTaken(Map<String, String> values, Member self, List<FieldProblem> problems) {
        for (var column : IDENTIFIER_COLUMNS) {
            var value = values.get(column);
            find(kind(column), value).filter(owner -> self == null || !owner.id().equals(self.id()))
                    .ifPresent(owner -> problems.add(new FieldProblem(column,
                            "already belongs to member " + owner.memberNumber())));
        }
    }

    private boolean owns(Member member, IdentifierKind kind, String value) {
        return find(kind, value).map(owner -> owner.id().equals(member.id())).orElse(false);
    }

    private Optional<Member> find(IdentifierKind kind, String value) {
        return value == null ? Optional.empty() : members.findBy(kind, value);
    }

    private static IdentifierKind kind(String column) {
        return switch (column) {
            case "email" -> IdentifierKind.EMAIL;
            case "phone" -> IdentifierKind.PHONE;
            case "externalId" -> IdentifierKind.EXTERNAL_ID;
            case "cardNumber" -> IdentifierKind.CARD;
            default -> throw new IllegalArgumentException(column);
        };
    }

    private static void putIfDiffers(Map<String, Object> fields, String field, String value, String current) {
        if (value != null && !value.equals(current)) {
            fields.put(field, value);
        }
    }

    private static boolean sameDate(String text, LocalDate current) {
        try {
            return LocalDate.parse(text).equals(current);
        } catch (DateTimeException e) {
            return false;
        }
    }

    private static Boolean yesNo(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> Boolean.TRUE;
            case "false", "no", "0" -> Boolean.FALSE;
            default -> null;
        };
    }

    /** A date means the start of that day in the server's time zone; an instant may carry an offset. */
    private Instant instant(String value, List<FieldProblem> problems) {
        try {
            if (value.length() == 10) {
                return LocalDate.parse(value).atStartOfDay(clock.getZone()).toInstant();
            }
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeException e) {
            problems.add(new FieldProblem("enrolledAt", "use a date (2021-03-14) or an instant (2021-03-14T09:30:00Z)"));
            return null;
        }
    }

    private static String decode(byte[] content) {
        int start = content.length >= 3 && (content[0] & 0xff) == 0xEF && (content[1] & 0xff) == 0xBB
                && (content[2] & 0xff) == 0xBF ? 3 : 0;
        var bytes = ByteBuffer.wrap(content, start, content.length - start);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException e) {
            // spreadsheet programs on Windows still save "CSV" in their legacy code page
            return new String(content, start, content.length - start, Charset.forName("windows-1252"));
        }
    }

    private static List<CSVRecord> parse(String text) {
        var firstLine = text.lines().findFirst().orElse("");
        char delimiter = firstLine.indexOf(';') >= 0 && firstLine.indexOf(',') < 0 ? ';' : ',';
        var format = CSVFormat.RFC4180.builder().setDelimiter(delimiter).setIgnoreEmptyLines(true)
                .setIgnoreSurroundingSpaces(true).get();
        try (var parser = CSVParser.parse(text, format)) {
            return parser.getRecords();
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            throw new ImportRefused(Reason.NOT_CSV, "The file is not valid CSV: " + rootMessage(e));
        }
    }

    private static String rootMessage(Throwable e) {
        var cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }

    /** Maps column positions to the documented column names; refuses unknown, repeated and missing columns. */
    private static Map<Integer, String> header(CSVRecord record) {
        var known = COLUMNS.stream().collect(Collectors.toMap(c -> c.toLowerCase(Locale.ROOT), c -> c));
        var header = new LinkedHashMap<Integer, String>();
        var problems = new ArrayList<FieldProblem>();
        var unknown = new ArrayList<String>();
        for (int i = 0; i < record.size(); i++) {
            var name = record.get(i).strip();
            var column = known.get(name.toLowerCase(Locale.ROOT));
            if (column == null) {
                unknown.add(name.isEmpty() ? "(column " + (i + 1) + " has no name)" : name);
                problems.add(new FieldProblem(name.isEmpty() ? "column " + (i + 1) : name,
                        "is not a known column; known columns are " + String.join(", ", COLUMNS)));
            } else if (header.containsValue(column)) {
                problems.add(new FieldProblem(name, "appears more than once"));
            } else {
                header.put(i, column);
            }
        }
        if (!unknown.isEmpty()) {
            throw new ImportRefused(Reason.BAD_HEADER, "Unknown " + (unknown.size() == 1 ? "column: " : "columns: ")
                    + String.join(", ", unknown) + ". The first row must be the header with the known columns "
                    + String.join(", ", COLUMNS) + ".", problems);
        }
        if (!problems.isEmpty()) {
            throw new ImportRefused(Reason.BAD_HEADER, "The header names a column more than once", problems);
        }
        if (IDENTIFIER_COLUMNS.stream().noneMatch(header::containsValue)) {
            throw new ImportRefused(Reason.BAD_HEADER, "The header needs at least one of the columns "
                    + String.join(", ", IDENTIFIER_COLUMNS) + " to identify members",
                    List.of(new FieldProblem("header", "has no identifier column")));
        }
        return header;
    }

    private static boolean blank(CSVRecord record) {
        return record.stream().allMatch(v -> v == null || v.isBlank());
    }

    /** Turns a character position into a line number (1-based), skipping to where the record's text begins. */
    private static final class LineIndex {

        private final String text;
        private final int[] lineStarts;

        LineIndex(String text) {
            this.text = text;
            var starts = new ArrayList<Integer>();
            starts.add(0);
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    starts.add(i + 1);
                }
            }
            this.lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
        }

        long lineAt(long position) {
            int pos = (int) position;
            // blank lines before a record are skipped by the parser but counted in its position
            while (pos < text.length() && (text.charAt(pos) == '\n' || text.charAt(pos) == '\r')) {
                pos++;
            }
            int index = Arrays.binarySearch(lineStarts, pos);
            return (index >= 0 ? index : -index - 2) + 1;
        }
    }
}
