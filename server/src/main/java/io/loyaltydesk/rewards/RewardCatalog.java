package io.loyaltydesk.rewards;

import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.platform.FieldProblem;
import io.loyaltydesk.rewards.internal.ImageCheck;
import io.loyaltydesk.rewards.internal.VoucherCodeGenerator;
import io.loyaltydesk.staff.AuditTrail;
import io.loyaltydesk.staff.Stores;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The reward catalog: definitions, stock, images and imported code pools. */
@Service
public class RewardCatalog {

    private static final Logger log = LoggerFactory.getLogger(RewardCatalog.class);
    private static final Pattern TIER_CODE = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final Pattern SEGMENT_CODE = Pattern.compile("[A-Z0-9_-]{2,40}");
    private static final Pattern POOL_CODE = Pattern.compile("[A-Z0-9-]{4,64}");
    public static final int STOCK_MAX = 10_000_000;
    public static final int IMPORT_LINES_MAX = 100_000;

    /** What an import of pool codes did. */
    public record ImportResult(int imported, int duplicates, List<String> invalid, long poolLeft) {
    }

    private final JdbcClient jdbc;
    private final Stores stores;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;
    private final ObjectProvider<MemberTiers> tiers;
    private final ObjectProvider<MemberSegments> segments;
    private final Clock clock;

    RewardCatalog(JdbcClient jdbc, Stores stores, AuditTrail audit, ApplicationEventPublisher events,
            ObjectProvider<MemberTiers> tiers, ObjectProvider<MemberSegments> segments, Clock clock) {
        this.jdbc = jdbc;
        this.stores = stores;
        this.audit = audit;
        this.events = events;
        this.tiers = tiers;
        this.segments = segments;
        this.clock = clock;
    }

    @Transactional
    public Reward create(RewardDefinition definition) {
        var valid = validate(definition, true);
        var now = Timestamp.from(clock.instant());
        long id = jdbc.sql("""
                insert into rewards (name, description, kind, value_band, cost_points, visibility, tier_codes,
                                     segment_codes, status, valid_from, valid_to, stock_left, limit_per_member, discount_minor, currency,
                                     code_source, code_length, code_alphabet, code_valid_days, code_uses_max,
                                     store_ids, low_pool_threshold, low_pool, created_at, updated_at)
                values (:name, :description, :kind, :valueBand, :cost, :visibility, :tiers, :segments, :status,
                        :validFrom,
                        :validTo, :stock, :limit, :discount, :currency, :codeSource, :codeLength, :codeAlphabet,
                        :codeValidDays, :codeUsesMax, :storeIds, :threshold, :lowPool, :now, :now)
                returning id
                """)
                .params(params(valid)).param("stock", definition.stock())
                .param("lowPool", valid.codeSource() == Reward.CodeSource.POOL && valid.lowPoolThreshold() > 0)
                .param("now", now)
                .query(Long.class).single();
        var reward = get(id);
        audit.record("reward.created", "reward", id, null, reward, null);
        return reward;
    }

    @Transactional
    public Reward update(long id, RewardDefinition definition, String reason) {
        var before = lock(id);
        var valid = validate(definition, false);
        if (valid.codeSource() != before.codeSource() && codeCount(id) > 0) {
            throw new CommandRefusedException.InvalidInput("codeSource",
                    "cannot change once codes were generated or imported");
        }
        jdbc.sql("""
                update rewards set name = :name, description = :description, kind = :kind, value_band = :valueBand,
                       cost_points = :cost, visibility = :visibility, tier_codes = :tiers,
                       segment_codes = :segments, status = :status,
                       valid_from = :validFrom, valid_to = :validTo, limit_per_member = :limit,
                       discount_minor = :discount, currency = :currency, code_source = :codeSource,
                       code_length = :codeLength, code_alphabet = :codeAlphabet, code_valid_days = :codeValidDays,
                       code_uses_max = :codeUsesMax, store_ids = :storeIds, low_pool_threshold = :threshold,
                       version = version + 1, updated_at = :now
                 where id = :id
                """)
                .params(params(valid)).param("id", id).param("now", Timestamp.from(clock.instant())).update();
        refreshLowPool(id);
        var after = get(id);
        audit.record("reward.updated", "reward", id, before, after, reason);
        return after;
    }

    /** Adds (or, negative, takes away) counted stock; never below zero, never on an unlimited reward. */
    @Transactional
    public Reward addStock(long id, int delta, String reason) {
        var before = lock(id);
        if (before.unlimited()) {
            throw new CommandRefusedException.RuleViolated("stock-unlimited", "Reward " + id + " has unlimited stock");
        }
        if (delta == 0 || before.stockLeft() + (long) delta < 0 || before.stockLeft() + (long) delta > STOCK_MAX) {
            throw new CommandRefusedException.InvalidInput("add",
                    "must not be zero, and the stock must stay between 0 and " + STOCK_MAX + " (now "
                            + before.stockLeft() + ")");
        }
        jdbc.sql("update rewards set stock_left = stock_left + :delta, updated_at = :now where id = :id")
                .param("delta", delta).param("now", Timestamp.from(clock.instant())).param("id", id).update();
        var after = get(id);
        audit.record("reward.stock-changed", "reward", id, java.util.Map.of("stockLeft", before.stockLeft()),
                java.util.Map.of("stockLeft", after.stockLeft()), reason);
        return after;
    }

    @Transactional
    public Reward setImage(long id, byte[] bytes) {
        lock(id);
        var contentType = ImageCheck.contentType(bytes, "image");
        var now = Timestamp.from(clock.instant());
        jdbc.sql("""
                insert into reward_images (reward_id, content_type, content, created_at)
                values (:id, :type, :content, :now)
                on conflict (reward_id) do update set content_type = excluded.content_type,
                       content = excluded.content, created_at = excluded.created_at
                """)
                .param("id", id).param("type", contentType).param("content", bytes).param("now", now).update();
        jdbc.sql("update rewards set has_image = true, version = version + 1, updated_at = :now where id = :id")
                .param("id", id).param("now", now).update();
        audit.record("reward.image-changed", "reward", id, null,
                java.util.Map.of("contentType", contentType, "bytes", bytes.length), null);
        return get(id);
    }

    /** A reward's image: its content type and bytes. */
    public record Image(String contentType, byte[] bytes) {
    }

    @Transactional(readOnly = true)
    public Optional<Image> image(long id) {
        return jdbc.sql("select content_type, content from reward_images where reward_id = :id").param("id", id)
                .query((rs, n) -> new Image(rs.getString(1), rs.getBytes(2))).optional();
    }

    @Transactional(readOnly = true)
    public Reward get(long id) {
        return find(id).orElseThrow(() -> new CommandRefusedException.NotFound("Reward", id));
    }

    @Transactional(readOnly = true)
    public Optional<Reward> find(long id) {
        return jdbc.sql("select * from rewards where id = :id").param("id", id).query(RewardCatalog::reward)
                .optional();
    }

    /**
     * The catalog, newest first. {@code status} null lists all; {@code availableOnly} keeps only what can be
     * redeemed now; {@code tier} (when given) adds the rewards exclusive to that tier to the public ones.
     */
    @Transactional(readOnly = true)
    public List<Reward> all(Reward.Status status, boolean availableOnly, String tier, boolean tierFilter) {
        var now = clock.instant();
        return jdbc.sql("select * from rewards where (cast(:status as text) is null or status = :status) "
                        + "order by id desc limit 1000")
                .param("status", status == null ? null : status.name())
                .query(RewardCatalog::reward).list().stream()
                .filter(r -> !availableOnly || r.availableAt(now))
                .filter(r -> !tierFilter || r.visibleTo(tier))
                .toList();
    }

    /**
     * What one member may see: the public rewards, those exclusive to the tier the member holds and those
     * exclusive to a segment the member is in. {@code status} and {@code availableOnly} as in {@link #all}.
     */
    @Transactional(readOnly = true)
    public List<Reward> visibleTo(long memberId, Reward.Status status, boolean availableOnly) {
        var tier = tierOf(memberId);
        var memberSegments = segmentCodesOf(memberId);
        return all(status, availableOnly, null, false).stream().filter(r -> r.visibleTo(tier, memberSegments))
                .toList();
    }

    /** The tier the member holds now, null when unknown (no tiers module) or none. */
    public String tierOf(long memberId) {
        return tiers.stream().findFirst().flatMap(t -> t.tierOf(memberId)).orElse(null);
    }

    /** The segments the member is in; none without a segments module. */
    public Set<String> segmentCodesOf(long memberId) {
        return segments.stream().findFirst().map(s -> s.segmentCodesOf(memberId)).orElse(Set.of());
    }

    /** Unused codes in the reward's imported pool. */
    @Transactional(readOnly = true)
    public long poolLeft(long id) {
        return jdbc.sql("select count(*) from voucher_codes where reward_id = :id and status = 'AVAILABLE'")
                .param("id", id).query(Long.class).single();
    }

    /**
     * Imports codes into the reward's pool from CSV text: the first column of each line is a code (a header line
     * "code" is skipped). Codes already known (in any pool) are counted as duplicates; malformed lines are listed.
     */
    @Transactional
    public ImportResult importCodes(long id, String csv) {
        var reward = lock(id);
        if (reward.codeSource() != Reward.CodeSource.POOL) {
            throw new CommandRefusedException.RuleViolated("not-a-pool",
                    "Reward " + id + " generates its codes; switch it to an imported pool first");
        }
        var codes = new LinkedHashSet<String>();
        var invalid = new ArrayList<String>();
        int lines = 0;
        try (var reader = new BufferedReader(new StringReader(csv == null ? "" : csv))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (++lines > IMPORT_LINES_MAX) {
                    throw new CommandRefusedException.InvalidInput("file", "has more than " + IMPORT_LINES_MAX + " lines");
                }
                var first = VoucherCodeGenerator.normalize(line.split("[,;\t]", 2)[0].replace("\"", ""));
                if (first.isEmpty() || (lines == 1 && first.equals("CODE"))) {
                    continue;
                }
                if (!POOL_CODE.matcher(first).matches()) {
                    if (invalid.size() < 20) {
                        invalid.add("line " + lines + ": " + (first.length() > 40 ? first.substring(0, 40) + "…" : first));
                    }
                    continue;
                }
                codes.add(first);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        if (codes.isEmpty()) {
            throw new CommandRefusedException.InvalidInput("file", "holds no codes (one code per line, "
                    + "letters, digits and dashes, 4 to 64 characters)");
        }
        var now = Timestamp.from(clock.instant());
        int imported = 0;
        for (var code : codes) {
            imported += jdbc.sql("""
                    insert into voucher_codes (reward_id, code, source, status, uses_max, created_at)
                    values (:reward, :code, 'POOL', 'AVAILABLE', :usesMax, :now)
                    on conflict (code) do nothing
                    """)
                    .param("reward", id).param("code", code).param("usesMax", reward.codeUsesMax())
                    .param("now", now).update();
        }
        refreshLowPool(id);
        audit.record("reward.codes-imported", "reward", id, null,
                java.util.Map.of("imported", imported, "duplicates", codes.size() - imported), null);
        return new ImportResult(imported, codes.size() - imported, invalid, poolLeft(id));
    }

    /** Raises or clears the low-pool flag; raising it logs and publishes an alert once. */
    @Transactional
    public void refreshLowPool(long id) {
        var reward = get(id);
        if (reward.codeSource() != Reward.CodeSource.POOL) {
            if (reward.lowPool()) {
                jdbc.sql("update rewards set low_pool = false where id = :id").param("id", id).update();
            }
            return;
        }
        long left = poolLeft(id);
        boolean low = left < reward.lowPoolThreshold();
        if (low != reward.lowPool()) {
            jdbc.sql("update rewards set low_pool = :low where id = :id").param("low", low).param("id", id).update();
            if (low) {
                log.warn("Code pool of reward {} ({}) is running low: {} codes left, threshold {}", id,
                        reward.name(), left, reward.lowPoolThreshold());
                events.publishEvent(new RewardPoolRunningLow(id, reward.name(), left, reward.lowPoolThreshold()));
            }
        }
    }

    private long codeCount(long id) {
        return jdbc.sql("select count(*) from voucher_codes where reward_id = :id").param("id", id)
                .query(Long.class).single();
    }

    private Reward lock(long id) {
        return jdbc.sql("select * from rewards where id = :id for update").param("id", id)
                .query(RewardCatalog::reward).optional()
                .orElseThrow(() -> new CommandRefusedException.NotFound("Reward", id));
    }

    /** A definition with defaults filled in and store codes resolved. */
    private record Valid(RewardDefinition d, Reward.CodeSource codeSource, int codeLength, String codeAlphabet,
            int codeUsesMax, Long[] storeIds, String[] tiers, String[] segments, int lowPoolThreshold,
            Reward.Status status) {
    }

    private Valid validate(RewardDefinition d, boolean creating) {
        var problems = new ArrayList<FieldProblem>();
        if (d.name() == null || d.name().isBlank() || d.name().strip().length() > 120) {
            problems.add(new FieldProblem("name", "is required (at most 120 characters)"));
        }
        if (d.description() != null && d.description().length() > 2000) {
            problems.add(new FieldProblem("description", "must have at most 2000 characters"));
        }
        if (d.kind() == null) {
            problems.add(new FieldProblem("kind", "is required"));
        }
        if (d.valueBand() == null) {
            problems.add(new FieldProblem("valueBand", "is required"));
        }
        if (d.costPoints() == null || d.costPoints() <= 0 || d.costPoints() > 100_000_000) {
            problems.add(new FieldProblem("costPoints", "must be a whole number between 1 and 100,000,000"));
        }
        var visibility = d.visibility() == null ? Reward.Visibility.PUBLIC : d.visibility();
        var tiers = d.tierCodes() == null ? List.<String>of()
                : d.tierCodes().stream().filter(t -> t != null && !t.isBlank()).map(String::strip).distinct().toList();
        if (visibility == Reward.Visibility.TIER && tiers.isEmpty()) {
            problems.add(new FieldProblem("tierCodes", "name at least one tier for a tier-exclusive reward"));
        }
        if (tiers.stream().anyMatch(t -> !TIER_CODE.matcher(t).matches())) {
            problems.add(new FieldProblem("tierCodes", "use tier codes of letters, digits, dashes or underscores"));
        }
        var segmentCodes = d.segmentCodes() == null ? List.<String>of()
                : d.segmentCodes().stream().filter(c -> c != null && !c.isBlank())
                        .map(c -> c.strip().toUpperCase(Locale.ROOT)).distinct().toList();
        if (visibility == Reward.Visibility.SEGMENT && segmentCodes.isEmpty()) {
            problems.add(new FieldProblem("segmentCodes", "name at least one segment for a segment-exclusive reward"));
        }
        if (segmentCodes.stream().anyMatch(c -> !SEGMENT_CODE.matcher(c).matches())) {
            problems.add(new FieldProblem("segmentCodes",
                    "use segment codes of 2 to 40 letters, digits, dashes or underscores"));
        }
        if (d.validFrom() != null && d.validTo() != null && !d.validTo().isAfter(d.validFrom())) {
            problems.add(new FieldProblem("validTo", "must be after the start"));
        }
        if (creating && d.stock() != null && (d.stock() < 0 || d.stock() > STOCK_MAX)) {
            problems.add(new FieldProblem("stock", "must be between 0 and " + STOCK_MAX + " (leave empty for unlimited)"));
        }
        if (d.limitPerMember() != null && (d.limitPerMember() < 1 || d.limitPerMember() > 1000)) {
            problems.add(new FieldProblem("limitPerMember", "must be between 1 and 1000 (leave empty for no limit)"));
        }
        if (d.kind() == Reward.Kind.POINTS_DISCOUNT) {
            if (d.discountMinor() == null || d.discountMinor() <= 0) {
                problems.add(new FieldProblem("discountMinor", "a discount needs its amount in minor units (cents)"));
            }
            if (d.currency() == null || !d.currency().matches("[A-Z]{3}")) {
                problems.add(new FieldProblem("currency", "must be an ISO 4217 code such as EUR"));
            }
        }
        var codeSource = d.codeSource();
        if (d.kind() != null) {
            if (!d.kind().usesCodes()) {
                if (codeSource != null && codeSource != Reward.CodeSource.NONE) {
                    problems.add(new FieldProblem("codeSource", "this kind of reward has no codes"));
                }
                codeSource = Reward.CodeSource.NONE;
            } else if (codeSource == null) {
                codeSource = Reward.CodeSource.GENERATED;
            } else if (codeSource == Reward.CodeSource.NONE) {
                problems.add(new FieldProblem("codeSource", "this kind of reward needs generated or imported codes"));
            }
        }
        int codeLength = d.codeLength() == null ? VoucherCodeGenerator.DEFAULT_LENGTH : d.codeLength();
        var alphabet = d.codeAlphabet() == null || d.codeAlphabet().isBlank() ? VoucherCodeGenerator.DEFAULT_ALPHABET
                : d.codeAlphabet().strip();
        if (codeSource == Reward.CodeSource.GENERATED) {
            problems.addAll(VoucherCodeGenerator.check(codeLength, alphabet));
        }
        if (d.codeValidDays() != null && (d.codeValidDays() < 1 || d.codeValidDays() > 3650)) {
            problems.add(new FieldProblem("codeValidDays", "must be between 1 and 3650 (leave empty: no expiry)"));
        }
        int usesMax = d.codeUsesMax() == null ? 1 : d.codeUsesMax();
        if (usesMax < 1 || usesMax > 1000) {
            problems.add(new FieldProblem("codeUsesMax", "must be between 1 and 1000"));
        }
        int threshold = d.lowPoolThreshold() == null ? 10 : d.lowPoolThreshold();
        if (threshold < 0 || threshold > 1_000_000) {
            problems.add(new FieldProblem("lowPoolThreshold", "must be between 0 and 1,000,000"));
        }
        var storeIds = new ArrayList<Long>();
        if (d.storeCodes() != null) {
            for (var code : d.storeCodes()) {
                if (code == null || code.isBlank()) {
                    continue;
                }
                stores.byCode(code.strip()).ifPresentOrElse(s -> storeIds.add(s.id()),
                        () -> problems.add(new FieldProblem("storeCodes", "no store has the code " + code.strip())));
            }
        }
        if (!problems.isEmpty()) {
            throw new CommandRefusedException.InvalidInput(problems);
        }
        return new Valid(d, codeSource, codeLength, alphabet, usesMax, storeIds.stream().distinct().toArray(Long[]::new),
                tiers.toArray(String[]::new), segmentCodes.toArray(String[]::new), threshold, d.status() == null ? Reward.Status.ACTIVE : d.status());
    }

    private static java.util.Map<String, Object> params(Valid v) {
        var d = v.d();
        var params = new HashMap<String, Object>();
        params.put("name", d.name().strip());
        params.put("description", d.description() == null || d.description().isBlank() ? null : d.description().strip());
        params.put("kind", d.kind().name());
        params.put("valueBand", d.valueBand().name());
        params.put("cost", d.costPoints());
        params.put("visibility", (d.visibility() == null ? Reward.Visibility.PUBLIC : d.visibility()).name());
        params.put("tiers", v.tiers());
        params.put("segments", v.segments());
        params.put("status", v.status().name());
        params.put("validFrom", d.validFrom() == null ? null : Timestamp.from(d.validFrom()));
        params.put("validTo", d.validTo() == null ? null : Timestamp.from(d.validTo()));
        params.put("limit", d.limitPerMember());
        params.put("discount", d.kind() == Reward.Kind.POINTS_DISCOUNT ? d.discountMinor() : null);
        params.put("currency", d.kind() == Reward.Kind.POINTS_DISCOUNT ? d.currency() : null);
        params.put("codeSource", v.codeSource().name());
        params.put("codeLength", v.codeLength());
        params.put("codeAlphabet", v.codeAlphabet());
        params.put("codeValidDays", d.codeValidDays());
        params.put("codeUsesMax", v.codeUsesMax());
        params.put("storeIds", v.storeIds());
        params.put("threshold", v.lowPoolThreshold());
        return params;
    }

    static Reward reward(ResultSet rs, int row) throws SQLException {
        int stock = rs.getInt("stock_left");
        Integer stockLeft = rs.wasNull() ? null : stock;
        int limit = rs.getInt("limit_per_member");
        Integer limitPerMember = rs.wasNull() ? null : limit;
        long discount = rs.getLong("discount_minor");
        Long discountMinor = rs.wasNull() ? null : discount;
        int days = rs.getInt("code_valid_days");
        Integer codeValidDays = rs.wasNull() ? null : days;
        return new Reward(rs.getLong("id"), rs.getString("name"), rs.getString("description"),
                Reward.Kind.valueOf(rs.getString("kind")), Reward.ValueBand.valueOf(rs.getString("value_band")),
                rs.getLong("cost_points"), Reward.Visibility.valueOf(rs.getString("visibility")),
                List.of((String[]) array(rs.getArray("tier_codes"))),
                List.of((String[]) array(rs.getArray("segment_codes"))), Reward.Status.valueOf(rs.getString("status")),
                instant(rs.getTimestamp("valid_from")), instant(rs.getTimestamp("valid_to")), stockLeft,
                limitPerMember, discountMinor, rs.getString("currency"),
                Reward.CodeSource.valueOf(rs.getString("code_source")), rs.getInt("code_length"),
                rs.getString("code_alphabet"), codeValidDays, rs.getInt("code_uses_max"),
                Arrays.stream((Long[]) array(rs.getArray("store_ids"))).toList(), rs.getInt("low_pool_threshold"),
                rs.getBoolean("low_pool"), rs.getBoolean("has_image"), rs.getInt("version"),
                instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("updated_at")));
    }

    private static Object array(Array array) throws SQLException {
        return array.getArray();
    }

    static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
