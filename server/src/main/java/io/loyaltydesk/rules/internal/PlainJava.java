package io.loyaltydesk.rules.internal;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.values.NullValue;
import dev.cel.runtime.CelVariableResolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The shapes most rule expressions have, evaluated in plain Java instead of CEL's interpreter: comparisons of the
 * facts with literals, {@code &&}, {@code ||}, {@code !}, {@code in [...]}, {@code size(...)} and the
 * {@code exists}/{@code all}/{@code filter} macros over the lines ({@code purchase.total >= 20.0 && member.tier == 'GOLD'},
 * {@code lines.exists(l, l.category == 'WINE' && l.amount >= 20)}).
 *
 * <p>Only a sure answer is given: whenever a value is not of the kind the plain code knows (a missing field, a
 * string compared with a number, a list compared with anything), evaluation stops with {@link #UNSURE} and the
 * caller asks CEL, so errors and CEL's rules for them (an error absorbed by {@code false && ...}) stay CEL's. An
 * expression with anything else in it (arithmetic, functions, {@code has}, maps, other macros) is not translated
 * at all. {@code ExpressionEquivalenceTest} compares the answers with CEL's over random facts.
 */
final class PlainJava {

    /** Thrown when the plain code cannot be sure of CEL's answer; the caller then evaluates with CEL. */
    static final RuntimeException UNSURE = new RuntimeException("not sure; ask CEL", null, false, false) {
    };

    /** Facts read one by one without {@link Optional}s: the value, or null when there is no such fact. */
    interface Values {
        Object value(String name);

        /** The scope of an evaluation on these facts, made once for all evaluations on them. */
        Scope scope();
    }

    /**
     * A fact whose fields are selected by name without a map (a line of the purchase): the field's value, or null when
     * there is no such field. Like a map, it equals nothing in the plain code: comparing it is left to CEL.
     */
    interface Fields {
        Object field(String name);
    }

    /** A translated expression. */
    interface Node {
        Object eval(Scope scope);
    }

    /**
     * The variables: the facts, and the variable of the comprehension being evaluated (if any). A comprehension's
     * scope is made once per evaluation of it and takes each item in turn; no evaluation keeps a scope.
     */
    static final class Scope {

        private final CelVariableResolver facts;
        private final String local;
        private final Scope outer;
        private Object value;

        /** The scope of an evaluation on {@code facts}: see {@link Values#scope}. */
        Scope(CelVariableResolver facts) {
            this(facts, null, null);
        }

        private Scope(CelVariableResolver facts, String local, Scope outer) {
            this.facts = facts;
            this.local = local;
            this.outer = outer;
        }

        static Scope of(CelVariableResolver facts) {
            return facts instanceof Values values ? values.scope() : new Scope(facts);
        }

        /** A scope inside this one for a comprehension over {@code variable}. */
        Scope loop(String variable) {
            return new Scope(facts, variable, this);
        }

        /** This comprehension scope with its variable being {@code item}. */
        Scope item(Object item) {
            value = item;
            return this;
        }

        Object lookup(String name) {
            for (var scope = this; scope != null; scope = scope.outer) {
                if (name.equals(scope.local)) {
                    return scope.value;
                }
            }
            return fact(name);
        }

        /** A fact by name: for qualified names ({@code purchase.total}), which are never a loop's variable. */
        Object fact(String name) {
            if (facts instanceof Values values) {
                var value = values.value(name);
                if (value == null) {
                    throw UNSURE;
                }
                return value;
            }
            Optional<Object> found = facts.find(name);
            if (found.isEmpty()) {
                throw UNSURE;
            }
            return found.get();
        }
    }

    // Names and fields are kept interned: the facts find them in a switch over literals, and an interned name equals
    // its literal at the first comparison (String.equals compares the references first).
    private final Map<Long, dev.cel.common.ast.CelReference> references;

    private PlainJava(CelAbstractSyntaxTree ast) {
        this.references = ast.getReferenceMap();
    }

    /** The expression in plain Java, or empty when it has something the plain code does not do. */
    static Optional<Node> translate(CelAbstractSyntaxTree ast) {
        try {
            return Optional.of(new PlainJava(ast).node(ast.getExpr()));
        } catch (Untranslatable e) {
            return Optional.empty();
        }
    }

    private static final class Untranslatable extends RuntimeException {
        Untranslatable() {
            super(null, null, false, false);
        }
    }

    private Node node(CelExpr expr) {
        var reference = references.get(expr.id());
        if (reference != null && !reference.name().isEmpty() && reference.overloadIds().isEmpty()
                && reference.value().isEmpty()) {
            var name = reference.name().intern(); // a variable the checker resolved, e.g. purchase.total
            if (name.indexOf('.') > 0) {
                return scope -> scope.fact(name);
            }
            return scope -> scope.lookup(name);
        }
        return switch (expr.getKind()) {
            case CONSTANT -> constant(expr);
            case IDENT -> {
                var name = expr.ident().name().intern();
                yield scope -> scope.lookup(name);
            }
            case SELECT -> {
                if (expr.select().testOnly()) {
                    throw new Untranslatable();
                }
                var operand = node(expr.select().operand());
                var field = expr.select().field().intern();
                yield scope -> {
                    var value = operand.eval(scope);
                    if (value instanceof Fields fields) {
                        var selected = fields.field(field);
                        return selected != null ? selected : unsure();
                    }
                    return value instanceof Map<?, ?> map && map.containsKey(field) ? map.get(field) : unsure();
                };
            }
            case LIST -> {
                if (!expr.list().optionalIndices().isEmpty()) {
                    throw new Untranslatable();
                }
                var elements = expr.list().elements().stream().map(this::node).toList();
                yield scope -> {
                    var values = new ArrayList<>(elements.size());
                    for (var element : elements) {
                        values.add(element.eval(scope));
                    }
                    return values;
                };
            }
            case CALL -> call(expr.call());
            case COMPREHENSION -> comprehension(expr.comprehension());
            default -> throw new Untranslatable();
        };
    }

    private static Node constant(CelExpr expr) {
        var constant = expr.constant();
        Object value = switch (constant.getKind()) {
            case NULL_VALUE -> NullValue.NULL_VALUE;
            case BOOLEAN_VALUE -> constant.booleanValue();
            case INT64_VALUE -> constant.int64Value();
            case DOUBLE_VALUE -> constant.doubleValue();
            case STRING_VALUE -> constant.stringValue();
            default -> throw new Untranslatable();
        };
        return new Constant(value);
    }

    /** A literal: comparisons with it take its value when translated instead of evaluating it each time. */
    private record Constant(Object value) implements Node {

        @Override
        public Object eval(Scope scope) {
            return value;
        }
    }

    private Node call(CelExpr.CelCall call) {
        if (call.target().isPresent()) {
            throw new Untranslatable();
        }
        var args = call.args().stream().map(this::node).toList();
        return switch (call.function() + "/" + args.size()) {
            case "_&&_/2" -> {
                var left = args.get(0);
                var right = args.get(1);
                yield scope -> bool(left.eval(scope)) && bool(right.eval(scope));
            }
            case "_||_/2" -> {
                var left = args.get(0);
                var right = args.get(1);
                yield scope -> bool(left.eval(scope)) || bool(right.eval(scope));
            }
            case "!_/1" -> {
                var operand = args.get(0);
                yield scope -> !bool(operand.eval(scope));
            }
            case "_==_/2" -> equality(args.get(0), args.get(1), true);
            case "_!=_/2" -> equality(args.get(0), args.get(1), false);
            case "_<_/2" -> ordering(args.get(0), args.get(1), Order.LESS);
            case "_<=_/2" -> ordering(args.get(0), args.get(1), Order.LESS_OR_EQUAL);
            case "_>_/2" -> ordering(args.get(0), args.get(1), Order.GREATER);
            case "_>=_/2" -> ordering(args.get(0), args.get(1), Order.GREATER_OR_EQUAL);
            case "@in/2" -> {
                var element = args.get(0);
                var list = args.get(1);
                yield scope -> {
                    var value = element.eval(scope);
                    if (!(list.eval(scope) instanceof List<?> values)) {
                        return unsure();
                    }
                    for (var candidate : values) {
                        if (equal(value, candidate)) {
                            return true;
                        }
                    }
                    return false;
                };
            }
            case "size/1" -> {
                var operand = args.get(0);
                yield scope -> operand.eval(scope) instanceof List<?> list ? (Object) (long) list.size() : unsure();
            }
            default -> throw new Untranslatable();
        };
    }

    /** {@code ==} ({@code equal} true) or {@code !=}; a literal on either side is taken as it is. */
    private static Node equality(Node left, Node right, boolean equal) {
        if (right instanceof Constant constant) {
            var value = constant.value();
            return scope -> equal(left.eval(scope), value) == equal;
        }
        if (left instanceof Constant constant) {
            var value = constant.value();
            return scope -> equal(value, right.eval(scope)) == equal;
        }
        return scope -> equal(left.eval(scope), right.eval(scope)) == equal;
    }

    private enum Order {
        LESS, LESS_OR_EQUAL, GREATER, GREATER_OR_EQUAL;

        boolean holds(int compared) {
            return switch (this) {
                case LESS -> compared < 0;
                case LESS_OR_EQUAL -> compared <= 0;
                case GREATER -> compared > 0;
                case GREATER_OR_EQUAL -> compared >= 0;
            };
        }
    }

    /** An ordering ({@code <}, {@code <=}, {@code >}, {@code >=}); a literal on either side is taken as it is. */
    private static Node ordering(Node left, Node right, Order order) {
        if (right instanceof Constant constant) {
            var value = constant.value();
            return scope -> order.holds(compare(left.eval(scope), value));
        }
        if (left instanceof Constant constant) {
            var value = constant.value();
            return scope -> order.holds(compare(value, right.eval(scope)));
        }
        return scope -> order.holds(compare(left.eval(scope), right.eval(scope)));
    }

    /**
     * The {@code exists} and {@code all} macros as the parser expands them: a loop over a list whose step is
     * {@code result || predicate} (exists, starting false) or {@code result && predicate} (all, starting true).
     */
    private Node comprehension(CelExpr.CelComprehension loop) {
        var filter = filter(loop);
        if (filter != null) {
            return filter;
        }
        if (!loop.iterVar2().isEmpty() || loop.accuInit().getKind() != CelExpr.ExprKind.Kind.CONSTANT
                || loop.loopStep().getKind() != CelExpr.ExprKind.Kind.CALL
                || loop.result().getKind() != CelExpr.ExprKind.Kind.IDENT
                || !loop.result().ident().name().equals(loop.accuVar())) {
            throw new Untranslatable();
        }
        var step = loop.loopStep().call();
        if (step.args().size() != 2 || step.args().get(0).getKind() != CelExpr.ExprKind.Kind.IDENT
                || !step.args().get(0).ident().name().equals(loop.accuVar())) {
            throw new Untranslatable();
        }
        boolean exists;
        var init = loop.accuInit().constant();
        if (step.function().equals("_||_") && init.getKind() == dev.cel.common.ast.CelConstant.Kind.BOOLEAN_VALUE
                && !init.booleanValue()) {
            exists = true;
        } else if (step.function().equals("_&&_")
                && init.getKind() == dev.cel.common.ast.CelConstant.Kind.BOOLEAN_VALUE && init.booleanValue()) {
            exists = false;
        } else {
            throw new Untranslatable();
        }
        var range = node(loop.iterRange());
        var predicate = node(step.args().get(1));
        var variable = loop.iterVar().intern();
        return scope -> {
            if (!(range.eval(scope) instanceof List<?> items)) {
                return unsure();
            }
            var inner = scope.loop(variable);
            for (int i = 0; i < items.size(); i++) {
                boolean holds = bool(predicate.eval(inner.item(items.get(i))));
                if (holds == exists) {
                    return exists;
                }
            }
            return !exists;
        };
    }

    /**
     * The {@code filter} macro as the parser expands it: starting from an empty list, each step is
     * {@code predicate ? result + [item] : result}. Null when the loop has another shape.
     */
    private Node filter(CelExpr.CelComprehension loop) {
        var accu = loop.accuVar();
        if (!loop.iterVar2().isEmpty() || loop.accuInit().getKind() != CelExpr.ExprKind.Kind.LIST
                || !loop.accuInit().list().elements().isEmpty()
                || loop.result().getKind() != CelExpr.ExprKind.Kind.IDENT || !loop.result().ident().name().equals(accu)
                || loop.loopStep().getKind() != CelExpr.ExprKind.Kind.CALL) {
            return null;
        }
        var step = loop.loopStep().call();
        if (!step.function().equals("_?_:_") || step.args().size() != 3 || !isIdent(step.args().get(2), accu)
                || step.args().get(1).getKind() != CelExpr.ExprKind.Kind.CALL) {
            return null;
        }
        var append = step.args().get(1).call();
        if (!append.function().equals("_+_") || append.args().size() != 2 || !isIdent(append.args().get(0), accu)
                || append.args().get(1).getKind() != CelExpr.ExprKind.Kind.LIST
                || append.args().get(1).list().elements().size() != 1
                || !isIdent(append.args().get(1).list().elements().get(0), loop.iterVar())) {
            return null;
        }
        var range = node(loop.iterRange());
        var predicate = node(step.args().get(0));
        var variable = loop.iterVar().intern();
        return scope -> {
            if (!(range.eval(scope) instanceof List<?> items)) {
                return unsure();
            }
            var kept = new ArrayList<>(items.size());
            var inner = scope.loop(variable);
            for (int i = 0; i < items.size(); i++) {
                var item = items.get(i);
                if (bool(predicate.eval(inner.item(item)))) {
                    kept.add(item);
                }
            }
            return kept;
        };
    }

    private static boolean isIdent(CelExpr expr, String name) {
        return expr.getKind() == CelExpr.ExprKind.Kind.IDENT && expr.ident().name().equals(name);
    }

    private static boolean bool(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        throw UNSURE;
    }

    private static boolean equal(Object left, Object right) {
        if (left instanceof Number a && right instanceof Number b) {
            return numbers(a, b) == 0;
        }
        if (left instanceof String a && right instanceof String b) {
            return a.equals(b);
        }
        if (left instanceof Boolean a && right instanceof Boolean b) {
            return a.booleanValue() == b.booleanValue();
        }
        boolean leftNull = left == NullValue.NULL_VALUE;
        boolean rightNull = right == NullValue.NULL_VALUE;
        if (leftNull || rightNull) {
            // null equals only null; a string, number or bool is never null
            if (leftNull && rightNull) {
                return true;
            }
            var other = leftNull ? right : left;
            if (other instanceof String || other instanceof Number || other instanceof Boolean) {
                return false;
            }
        }
        throw UNSURE;
    }

    private static int compare(Object left, Object right) {
        if (left instanceof Number a && right instanceof Number b) {
            return numbers(a, b);
        }
        throw UNSURE;
    }

    /**
     * Compares two numbers as CEL does with heterogeneous comparisons on: ints exactly, doubles by their primitive
     * order (-0.0 equals 0.0), an int with a double through {@link Double#compare} (so -0.0 is below the int 0).
     * NaN and other number types are left to CEL.
     */
    private static int numbers(Number a, Number b) {
        if (a instanceof Long x && b instanceof Long y) {
            return Long.compare(x, y);
        }
        if (a instanceof Double x && b instanceof Double y) {
            if (Double.isNaN(x) || Double.isNaN(y)) {
                throw UNSURE;
            }
            double p = x;
            double q = y;
            return p < q ? -1 : p > q ? 1 : 0;
        }
        if (a instanceof Long x && b instanceof Double y && !Double.isNaN(y)) {
            return Double.compare(x.doubleValue(), y);
        }
        if (a instanceof Double x && b instanceof Long y && !Double.isNaN(x)) {
            return Double.compare(x, y.doubleValue());
        }
        throw UNSURE;
    }

    private static Object unsure() {
        throw UNSURE;
    }
}
