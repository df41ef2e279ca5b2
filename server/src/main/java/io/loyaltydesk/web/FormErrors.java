package io.loyaltydesk.web;

import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.platform.FieldProblem;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.ui.Model;

/**
 * Puts a refused command into a page model: {@code errors} maps each bad field to its message (forms show
 * it beside the field) and {@code formError} holds the sentence for the top of the form.
 */
public final class FormErrors {

    private FormErrors() {
    }

    public static void addTo(Model model, CommandRefusedException refused) {
        var errors = new LinkedHashMap<String, String>();
        if (refused instanceof CommandRefusedException.InvalidInput invalid) {
            for (FieldProblem problem : invalid.problems()) {
                errors.merge(problem.field(), problem.message(), (a, b) -> a + "; " + b);
            }
            model.addAttribute("formError", null);
        } else {
            model.addAttribute("formError", refused.getMessage());
        }
        model.addAttribute("errors", errors);
    }

    public static Map<String, String> none() {
        return Map.of();
    }
}
