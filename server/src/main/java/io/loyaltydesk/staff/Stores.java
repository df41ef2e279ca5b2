package io.loyaltydesk.staff;

import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.platform.FieldProblem;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The business's stores and regions. */
@Service
public class Stores {

    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;

    Stores(JdbcClient jdbc, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<Store> all() {
        return jdbc.sql("select id, code, name, region, city, live from stores order by region, name")
                .query(Store.class).list();
    }

    @Transactional(readOnly = true)
    public Optional<Store> byId(long id) {
        return jdbc.sql("select id, code, name, region, city, live from stores where id = :id")
                .param("id", id).query(Store.class).optional();
    }

    @Transactional(readOnly = true)
    public Optional<Store> byCode(String code) {
        return jdbc.sql("select id, code, name, region, city, live from stores where code = :code")
                .param("code", code).query(Store.class).optional();
    }

    /** Adds a store; used by the demo seed and the console. */
    @Transactional
    public Store add(String code, String name, String region, String city, boolean live) {
        var problems = new ArrayList<FieldProblem>();
        if (code == null || !CODE.matcher(code.strip()).matches()) {
            problems.add(new FieldProblem("code", "use 1 to 32 letters, digits, dashes or underscores"));
        } else if (byCode(code.strip()).isPresent()) {
            problems.add(new FieldProblem("code", "is already taken"));
        }
        if (name == null || name.isBlank() || name.length() > 200) {
            problems.add(new FieldProblem("name", "is required (at most 200 characters)"));
        }
        if (region == null || region.isBlank() || region.length() > 100) {
            problems.add(new FieldProblem("region", "is required (at most 100 characters)"));
        }
        if (!problems.isEmpty()) {
            throw new CommandRefusedException.InvalidInput(problems);
        }
        code = code.strip();
        name = name.strip();
        region = region.strip();
        city = city == null || city.isBlank() ? null : city.strip();
        long id = jdbc.sql("""
                insert into stores (code, name, region, city, live, created_at)
                values (:code, :name, :region, :city, :live, :now) returning id
                """)
                .param("code", code).param("name", name).param("region", region).param("city", city)
                .param("live", live).param("now", Timestamp.from(clock.instant()))
                .query(Long.class).single();
        var store = new Store(id, code, name, region, city, live);
        audit.record("store.created", "store", id, null, store, null);
        return store;
    }

    /**
     * Starts or stops the program in one store (phased rollout). A reason is required, because members in
     * that store gain or lose the program with it. Setting the state it already has changes nothing.
     */
    @Transactional
    public Store setLive(long id, boolean live, String reason) {
        var before = jdbc.sql("select id, code, name, region, city, live from stores where id = :id for update")
                .param("id", id).query(Store.class).optional()
                .orElseThrow(() -> new CommandRefusedException.NotFound("Store", id));
        if (reason == null || reason.isBlank()) {
            throw new CommandRefusedException.InvalidInput("reason", "is required");
        }
        if (before.live() == live) {
            return before;
        }
        jdbc.sql("update stores set live = :live where id = :id").param("live", live).param("id", id).update();
        var after = byId(id).orElseThrow();
        audit.record("store.live-changed", "store", id, before, after, reason);
        return after;
    }
}
