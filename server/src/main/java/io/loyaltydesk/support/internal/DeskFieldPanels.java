package io.loyaltydesk.support.internal;

import io.loyaltydesk.support.ConversationField;
import io.loyaltydesk.support.ConversationFields;
import jakarta.servlet.http.HttpServletRequest;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Puts the custom fields of the conversation the desk shows into the page ({@code fieldPanel}), so that the desk's
 * own controller need not know about them; {@link DeskFields} answers the panel's form.
 */
@ControllerAdvice(assignableTypes = Desk.class)
class DeskFieldPanels {

    /** The fields of one conversation as the desk's form shows them. */
    record FieldPanel(long conversationId, List<FieldInput> inputs, boolean saved) {
    }

    /**
     * One field of the form: its label in the agent's language, the value shown (what is stored, or what the agent
     * typed when it was refused), the refusal, and whether solving needs it (and it is still missing).
     */
    record FieldInput(ConversationField field, String label, String value, String error, boolean missingForSolve) {

        public String inputId() {
            return "cf-" + field.key();
        }

        public String name() {
            return "f." + field.key();
        }

        public boolean checked() {
            return "true".equals(value);
        }
    }

    private final ConversationFields fields;

    DeskFieldPanels(ConversationFields fields) {
        this.fields = fields;
    }

    @ModelAttribute("fieldPanel")
    FieldPanel fieldPanel(HttpServletRequest request) {
        if (!"GET".equals(request.getMethod())
                || !(request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> vars)
                || !(vars.get("id") instanceof String id) || !id.matches("\\d{1,18}")) {
            return null;
        }
        return panel(Long.parseLong(id), Map.of(), Map.of(), false);
    }

    /** The panel with the stored values, or with what was typed ({@code typed}) and the refusals by key. */
    FieldPanel panel(long conversationId, Map<String, String> typed, Map<String, String> errors, boolean saved) {
        var active = fields.active();
        if (active.isEmpty()) {
            return null;
        }
        var stored = fields.stored(conversationId);
        var missing = new HashSet<Long>();
        fields.missingForSolve(conversationId).forEach(f -> missing.add(f.id()));
        var locale = LocaleContextHolder.getLocale();
        var inputs = active.stream().map(f -> new FieldInput(f, f.label(locale),
                typed.containsKey(f.key()) ? typed.get(f.key()) : stored.get(f.id()), errors.get(f.key()),
                missing.contains(f.id()))).toList();
        return new FieldPanel(conversationId, inputs, saved);
    }
}
