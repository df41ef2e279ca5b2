package io.loyaltydesk.ledger.internal;

import io.loyaltydesk.ledger.Reconciliation;
import java.time.Clock;
import java.util.ArrayList;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/** Checks the books from the transfers up, in one consistent snapshot. */
@Component
public class Reconciler {

    private static final int PROBLEMS_MAX = 100;

    private final JdbcClient jdbc;
    private final Clock clock;

    Reconciler(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public Reconciliation reconcile() {
        var problems = new ArrayList<String>();
        jdbc.sql("""
                with moves as (
                    select credit_account_id as account_id, amount from ledger_transfers
                    union all
                    select debit_account_id, -amount from ledger_transfers)
                select a.id, a.balance, coalesce(sum(m.amount), 0) as computed
                  from ledger_accounts a left join moves m on m.account_id = a.id
                 group by a.id, a.balance
                having a.balance <> coalesce(sum(m.amount), 0)
                 limit :max
                """)
                .param("max", PROBLEMS_MAX)
                .query(rs -> {
                    problems.add("account " + rs.getLong("id") + " stores " + rs.getLong("balance")
                            + " but its transfers sum to " + rs.getLong("computed"));
                });
        jdbc.sql("select asset, sum(balance) as total from ledger_accounts group by asset having sum(balance) <> 0")
                .query(rs -> {
                    problems.add("the " + rs.getString("asset") + " ledger sums to " + rs.getLong("total")
                            + ", not 0");
                });
        jdbc.sql("""
                select id, member_id, kind, balance from ledger_accounts
                 where member_id is not null
                   and ((kind in ('AVAILABLE','PENDING','RESERVED') and balance < 0) or (kind = 'DEBT' and balance > 0))
                 limit :max
                """)
                .param("max", PROBLEMS_MAX)
                .query(rs -> {
                    problems.add("member " + rs.getLong("member_id") + " has " + rs.getLong("balance") + " "
                            + rs.getString("kind").toLowerCase() + " points");
                });
        jdbc.sql("""
                select a.member_id, a.kind, a.balance, coalesce(l.remaining, 0) as in_lots
                  from ledger_accounts a
                  left join (select member_id, asset, matured, sum(remaining) as remaining
                               from ledger_lots group by member_id, asset, matured) l
                    on l.member_id = a.member_id and l.asset = a.asset and l.matured = (a.kind = 'AVAILABLE')
                 where a.kind in ('AVAILABLE','PENDING') and a.balance <> coalesce(l.remaining, 0)
                 limit :max
                """)
                .param("max", PROBLEMS_MAX)
                .query(rs -> {
                    problems.add("member " + rs.getLong("member_id") + " has " + rs.getLong("balance") + " "
                            + rs.getString("kind").toLowerCase() + " points but lots hold " + rs.getLong("in_lots"));
                });
        jdbc.sql("""
                select a.member_id, a.balance, coalesce(r.held, 0) as held
                  from ledger_accounts a
                  left join (select member_id, asset, sum(amount) as held from ledger_reservations
                              where status = 'RESERVED' group by member_id, asset) r
                    on r.member_id = a.member_id and r.asset = a.asset
                 where a.kind = 'RESERVED' and a.balance <> coalesce(r.held, 0)
                 limit :max
                """)
                .param("max", PROBLEMS_MAX)
                .query(rs -> {
                    problems.add("member " + rs.getLong("member_id") + " has " + rs.getLong("balance")
                            + " reserved points but open reservations hold " + rs.getLong("held"));
                });
        long accounts = jdbc.sql("select count(*) from ledger_accounts").query(Long.class).single();
        long transfers = jdbc.sql("select count(*) from ledger_transfers").query(Long.class).single();
        return new Reconciliation(clock.instant(), problems.isEmpty(), accounts, transfers,
                problems.size() > PROBLEMS_MAX ? problems.subList(0, PROBLEMS_MAX) : problems);
    }
}
