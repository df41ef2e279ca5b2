package io.loyaltydesk.rules.internal;

import dev.cel.common.CelIssue;
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
import io.loyaltydesk.rules.ExpressionCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        boolean test(Map<String, ?> variables) throws CelEvaluationException;
    }

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
    private final CelRuntime runtime;

    public Expressions() {
        // 1 >= 1.0 and purchase.total >= 20 must work although money comes in as double and counts as int
        var options = CelOptions.current().enableHeterogeneousNumericComparisons(true).build();
        var base = CelCompilerFactory.standardCelCompilerBuilder()
                .setOptions(options)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .setResultType(SimpleType.BOOL)
                .addVar("purchase", FACTS)
                .addVar("lines", ListType.create(FACTS))
                .addVar("member", FACTS)
                .addVar("now", FACTS);
        this.conditions = base.build();
        this.lineFilters = base.addVar("line", FACTS).build();
        this.runtime = CelRuntimeFactory.plannerRuntimeBuilder().setOptions(options).build();
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
        try {
            var program = runtime.createProgram(result.getAst());
            return variables -> {
                Object value = program.eval(variables);
                if (value instanceof Boolean b) {
                    return b;
                }
                throw new IllegalStateException("the expression gave " + value + " instead of true or false");
            };
        } catch (Exception e) {
            throw new Invalid(List.of(new ExpressionCheck.Problem(String.valueOf(e.getMessage()), 1, 1)));
        }
    }
}
