package io.loyaltydesk.rules.internal;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.CelOptions;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.cel.runtime.CelVariableResolver;
import io.loyaltydesk.rules.ExpressionCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The CEL environment of the rules: which variables a condition and a line filter may use, and how they are
 * compiled into programs. Thread-safe; compile once, evaluate many times.
 */
@Component
public final class Expressions {

    /** Where an expression goes: a rule's condition or a per-line effect's line filter. */
    public enum Target {
        CONDITION, LINE_FILTER
    }

    /** A compiled expression that evaluates to a boolean. */
    public interface Predicate {

        /**
         * Evaluates with variables looked up by name: the fact maps ({@code purchase}, {@code lines},
         * {@code member}, {@code now}, {@code line}) and each of their fields under its qualified name
         * ({@code purchase.total}), see {@link #FIELDS}.
         */
        boolean test(CelVariableResolver variables) throws CelEvaluationException;

        /**
         * The variables the expression reads ({@code purchase.total}, or {@code member} when it reads the member
         * map as a whole), or null when unknown.
         */
        default java.util.Set<String> variables() {
            return null;
        }

        /** Evaluates with the fact maps only; a qualified field name is looked up in its map. */
        default boolean test(Map<String, ?> variables) throws CelEvaluationException {
            return test(name -> {
                if (variables.containsKey(name)) {
                    return Optional.ofNullable(variables.get(name));
                }
                int dot = name.indexOf('.');
                if (dot > 0 && variables.get(name.substring(0, dot)) instanceof Map<?, ?> facts) {
                    return Optional.ofNullable(facts.get(name.substring(dot + 1)));
                }
                return Optional.empty();
            });
        }
    }

    /**
     * The fields of each fact map. Each is also declared as a variable of its own under its qualified name
     * ({@code purchase.total}, of type dyn like the map's values), which CEL's checker prefers to selecting the
     * field from the map: the runtime then reads a plain value instead of converting the whole map on every
     * access. The maps stay declared for everything else ({@code has(purchase.total)}, {@code lines.exists(...)},
     * {@code purchase['total']}), so every expression means what it meant with the maps alone.
     */
    public static final Map<String, List<String>> FIELDS = Map.of(
            "purchase", List.of("externalId", "storeCode", "channel", "currency", "total", "lineCount"),
            "member", List.of("id", "tier", "purchasesBefore", "birthMonth", "birthDay", "enrolledDays"),
            "now", List.of("dayOfWeek", "hour", "minute", "day", "month", "year"),
            "line", List.of("sku", "category", "quantity", "unitPrice", "amount"));

    /** Thrown by {@link #compile} for an expression that does not compile. */
    public static final class Invalid extends RuntimeException {

        private final transient List<ExpressionCheck.Problem> problems;

        Invalid(List<ExpressionCheck.Problem> problems) {
            super(problems.stream().map(Object::toString).reduce((a, b) -> a + "; " + b).orElse("invalid"));
            this.problems = List.copyOf(problems);
        }

        public List<ExpressionCheck.Problem> problems() {
            return problems;
        }
    }

    private static final MapType FACTS = MapType.create(SimpleType.STRING, SimpleType.DYN);

    private final CelCompiler conditions;
    private final CelCompiler lineFilters;
    private final CelCompiler fastConditions;
    private final CelCompiler fastLineFilters;
    private final CelRuntime runtime;

    public Expressions() {
        // 1 >= 1.0 and purchase.total >= 20 must work although money comes in as double and counts as int
        var options = CelOptions.current().enableHeterogeneousNumericComparisons(true).build();
        this.conditions = compiler(options, false, false);
        this.lineFilters = compiler(options, true, false);
        this.fastConditions = compiler(options, false, true);
        this.fastLineFilters = compiler(options, true, true);
        this.runtime = CelRuntimeFactory.plannerRuntimeBuilder().setOptions(options).build();
    }

    private static CelCompiler compiler(CelOptions options, boolean line, boolean fields) {
        var builder = CelCompilerFactory.standardCelCompilerBuilder()
                .setOptions(options)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .setResultType(SimpleType.BOOL)
                .addVar("purchase", FACTS)
                .addVar("lines", ListType.create(FACTS))
                .addVar("member", FACTS)
                .addVar("now", FACTS);
        if (line) {
            builder.addVar("line", FACTS);
        }
        if (fields) {
            for (var facts : FIELDS.entrySet()) {
                if (line || !facts.getKey().equals("line")) {
                    for (var field : facts.getValue()) {
                        builder.addVar(facts.getKey() + "." + field, SimpleType.DYN);
                    }
                }
            }
        }
        return builder.build();
    }

    public ExpressionCheck check(String expression, Target target) {
        try {
            compile(expression, target);
            return ExpressionCheck.ok();
        } catch (Invalid e) {
            return new ExpressionCheck(false, e.problems());
        }
    }

    public Predicate compile(String expression, Target target) {
        return compile(expression, target, true);
    }

    /** Whether the expression runs as plain Java (see {@link PlainJava}); for tests. */
    boolean runsAsPlainJava(String expression, Target target) {
        return compile(expression, target, true) instanceof Compiled compiled && compiled.plain != null;
    }

    /** @param plainJava whether the common shapes run as plain Java (false: CEL only, to compare in tests) */
    Predicate compile(String expression, Target target, boolean plainJava) {
        if (expression == null || expression.isBlank()) {
            throw new Invalid(List.of(new ExpressionCheck.Problem("is empty", 1, 1)));
        }
        var result = (target == Target.CONDITION ? conditions : lineFilters).compile(expression);
        if (result.hasError()) {
            var problems = new ArrayList<ExpressionCheck.Problem>();
            for (CelIssue issue : result.getErrors()) {
                var at = issue.getSourceLocation();
                // CEL counts columns from 0; editors and people count from 1
                problems.add(new ExpressionCheck.Problem(issue.getMessage(), Math.max(at.getLine(), 1),
                        Math.max(at.getColumn(), 0) + 1));
            }
            throw new Invalid(problems);
        }
        // the same expression against the fields declared one by one (see FIELDS); only when no macro variable
        // shadows a fact (lines.exists(member, member.tier == 'X') must keep selecting from the loop variable)
        if (!shadowsFacts(result)) {
            var fast = (target == Target.CONDITION ? fastConditions : fastLineFilters).compile(expression);
            if (!fast.hasError()) {
                result = fast;
            }
        }
        try {
            var ast = result.getAst();
            var program = runtime.createProgram(ast);
            // the identifiers the checker resolved (function references have no name)
            var names = ast.getReferenceMap().values().stream().map(dev.cel.common.ast.CelReference::name)
                    .filter(name -> !name.isEmpty()).collect(java.util.stream.Collectors.toUnmodifiableSet());
            // the common shapes in plain Java; CEL for the rest and whenever the plain code is not sure
            var plain = plainJava ? PlainJava.translate(ast).orElse(null) : null;
            return new Compiled(program, plain, names);
        } catch (Exception e) {
            throw new Invalid(List.of(new ExpressionCheck.Problem(String.valueOf(e.getMessage()), 1, 1)));
        }
    }

    /** A compiled expression: CEL's program, and the plain Java translation of it when there is one. */
    private record Compiled(CelRuntime.Program program, PlainJava.Node plain, java.util.Set<String> names)
            implements Predicate {

        @Override
        public boolean test(CelVariableResolver variables) throws CelEvaluationException {
            if (plain != null) {
                try {
                    if (plain.eval(PlainJava.Scope.of(variables)) instanceof Boolean b) {
                        return b;
                    }
                } catch (RuntimeException notSure) {
                    // CEL decides, with its errors
                }
            }
            Object value = program.eval(variables);
            if (value instanceof Boolean b) {
                return b;
            }
            throw new IllegalStateException("the expression gave " + value + " instead of true or false");
        }

        @Override
        public java.util.Set<String> variables() {
            return names;
        }
    }

    /** Whether a comprehension (a macro such as exists or all) names its variables like one of the facts. */
    private static boolean shadowsFacts(CelValidationResult checked) {
        CelAbstractSyntaxTree ast;
        try {
            ast = checked.getAst();
        } catch (CelValidationException e) {
            return true;
        }
        return CelNavigableAst.fromAst(ast).getRoot().allNodes()
                .filter(node -> node.getKind() == CelExpr.ExprKind.Kind.COMPREHENSION)
                .map(node -> node.expr().comprehension())
                .anyMatch(c -> FACT_NAMES.contains(c.iterVar()) || FACT_NAMES.contains(c.iterVar2())
                        || FACT_NAMES.contains(c.accuVar()));
    }

    private static final java.util.Set<String> FACT_NAMES = java.util.Set.of("purchase", "lines", "member", "now",
            "line");
}
