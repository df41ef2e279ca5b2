package io.loyaltydesk.staff;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The business's stores and regions. */
@Service
public class Stores {

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
}
