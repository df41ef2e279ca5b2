package io.loyaltydesk.support.internal;

import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.staff.Access;
import io.loyaltydesk.support.ConversationField;
import io.loyaltydesk.support.ConversationFields;
import io.loyaltydesk.web.FormErrors;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Console page for the conversations' custom fields: the list, and a form to make one or change one. Supervisors and
 * admins, like the rest of the desk's set-up. A refused form comes back with the reasons beside the fields.
 */
@Controller
class FieldsConsole {

    /** The form as typed: options one per line; unticked boxes are absent (null). */
    record FieldForm(String key, String label, String labelDe, String type, String options, Boolean requiredOnSolve,
            Boolean active, String position) {

        static FieldForm of(ConversationField field) {
            return new FieldForm(field.key(), field.label(), field.labelDe(), field.type().name(),
                    String.join("\n", field.options()), field.requiredOnSolve(), field.active(),
                    Integer.toString(field.position()));
        }

        static FieldForm empty() {
            return new FieldForm("", "", "", "TEXT", "", false, true, "");
        }
    }

    private final ConversationFields fields;
    private final MessageSource messages;

    FieldsConsole(ConversationFields fields, MessageSource messages) {
        this.fields = fields;
        this.messages = messages;
    }

    @GetMapping("/console/support/fields")
    @PreAuthorize(Access.STAFF_SUPPORT_MANAGE)
    String list(Model model) {
        return page(model, null, FieldForm.empty());
    }

    @GetMapping("/console/support/fields/{id}")
    @PreAuthorize(Access.STAFF_SUPPORT_MANAGE)
    String edit(@PathVariable long id, Model model) {
        var field = fields.get(id);
        return page(model, field, FieldForm.of(field));
    }

    @PostMapping("/console/support/fields")
    @PreAuthorize(Access.STAFF_SUPPORT_MANAGE)
    String create(@ModelAttribute FieldForm form, Model model, RedirectAttributes redirect) {
        return save(null, form, model, redirect);
    }

    @PostMapping("/console/support/fields/{id}")
    @PreAuthorize(Access.STAFF_SUPPORT_MANAGE)
    String update(@PathVariable long id, @ModelAttribute FieldForm form, Model model, RedirectAttributes redirect) {
        return save(fields.get(id), form, model, redirect);
    }

    private String save(ConversationField editing, FieldForm form, Model model, RedirectAttributes redirect) {
        try {
            var saved = fields.save(editing == null ? null : editing.id(), definition(form));
            redirect.addFlashAttribute("flash", messages.getMessage("fields.flash.fieldSaved",
                    new Object[] {saved.label()}, LocaleContextHolder.getLocale()));
            return "redirect:/console/support/fields";
        } catch (CommandRefusedException e) {
            FormErrors.addTo(model, e);
            return page(model, editing, form);
        }
    }

    private String page(Model model, ConversationField editing, FieldForm form) {
        model.addAttribute("fields", fields.all());
        model.addAttribute("types", ConversationField.Type.values());
        model.addAttribute("editing", editing);
        model.addAttribute("form", form);
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", FormErrors.none());
        }
        return "support/fields";
    }

    private static ConversationFields.Definition definition(FieldForm form) {
        ConversationField.Type type = null;
        if (form.type() != null && !form.type().isBlank()) {
            try {
                type = ConversationField.Type.valueOf(form.type().strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandRefusedException.InvalidInput("type", "is not one of the choices");
            }
        }
        Integer position = null;
        if (form.position() != null && !form.position().isBlank()) {
            try {
                position = Integer.parseInt(form.position().strip());
            } catch (NumberFormatException e) {
                throw new CommandRefusedException.InvalidInput("position", "must be a whole number");
            }
        }
        List<String> options = form.options() == null ? List.of() : Arrays.asList(form.options().split("\\R"));
        return new ConversationFields.Definition(form.key(), form.label(), form.labelDe(), type, options,
                Boolean.TRUE.equals(form.requiredOnSolve()), Boolean.TRUE.equals(form.active()), position);
    }
}
