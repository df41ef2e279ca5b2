package io.loyaltydesk.bench;

import io.loyaltydesk.rules.Basket;
import io.loyaltydesk.rules.Evaluation;
import io.loyaltydesk.rules.MemberFacts;
import io.loyaltydesk.rules.internal.CompiledRule;
import io.loyaltydesk.rules.internal.Expressions;
import io.loyaltydesk.rules.internal.RuleBook;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Baskets per second through the real rule engine (compiled CEL, {@link RuleBook#evaluate}) on one thread:
 * 50 rules, baskets of 3 to 5 lines, members with varied history. No Spring, no database.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RuleEvaluationBenchmark {

    @Param("50")
    int rules;

    private RuleBook book;
    private Basket[] baskets;
    private MemberFacts[] members;
    private int next;

    @Setup
    public void setUp() {
        var expressions = new Expressions();
        var compiled = new ArrayList<CompiledRule>();
        long id = 1;
        for (var definition : BenchRules.rules(rules)) {
            compiled.add(new CompiledRule(id++, 1, definition, expressions));
        }
        book = new RuleBook(compiled, ZoneId.of("Europe/Berlin"));
        var random = new SplittableRandom(42);
        int n = 1024;
        baskets = new Basket[n];
        members = new MemberFacts[n];
        var start = Instant.parse("2026-03-02T06:00:00Z"); // a Monday morning; the baskets spread over two weeks
        for (int i = 0; i < n; i++) {
            baskets[i] = basket(random, i, start.plusSeconds(random.nextLong(14 * 86_400)));
            members[i] = new MemberFacts(1 + random.nextInt(100_000), random.nextInt(10) == 0 ? "GOLD" : null,
                    random.nextInt(40), random.nextInt(5) == 0 ? null
                            : LocalDate.of(1950 + random.nextInt(55), 1 + random.nextInt(12), 1 + random.nextInt(28)),
                    LocalDate.of(2020, 1, 1).plusDays(random.nextInt(2250)), Map.of());
        }
    }

    static Basket basket(SplittableRandom random, int i, Instant at) {
        int count = 3 + random.nextInt(3);
        var lines = new ArrayList<Basket.Line>(count);
        long total = 0;
        for (int l = 0; l < count; l++) {
            long unit = 49 + random.nextInt(2950);
            int quantity = 1 + (random.nextInt(4) == 0 ? random.nextInt(3) : 0);
            long amount = unit * quantity;
            total += amount;
            lines.add(new Basket.Line("SKU-" + random.nextInt(5000),
                    BenchRules.CATEGORIES.get(random.nextInt(BenchRules.CATEGORIES.size())),
                    BigDecimal.valueOf(quantity), BenchRules.cents(unit), BenchRules.cents(amount)));
        }
        var store = random.nextInt(5) == 0 ? null : BenchRules.STORES.get(random.nextInt(BenchRules.STORES.size()));
        return new Basket("R-" + i, store, store == null ? "ONLINE" : "POS", at, "EUR", BenchRules.cents(total),
                List.copyOf(lines));
    }

    @Benchmark
    public Evaluation evaluate() {
        int i = next++ & (baskets.length - 1);
        return book.evaluate(baskets[i], members[i]);
    }

    /**
     * The same with every award's explanation read, as recording a purchase does (it stores them): awards write
     * their explanations when they are read, so {@link #evaluate} measures the points without the sentences.
     */
    @Benchmark
    public void evaluateAndExplain(Blackhole blackhole) {
        int i = next++ & (baskets.length - 1);
        for (var award : book.evaluate(baskets[i], members[i]).awards()) {
            blackhole.consume(award.explanation());
        }
    }
}
