package io.loyaltydesk.support.internal;

import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.staff.Access;
import io.loyaltydesk.support.ConversationField;
import io.loyaltydesk.support.ConversationFields;
import io.loyaltydesk.support.Conversations;
import io.loyaltydesk.support.Teams;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The desk's custom-field form and team control on a conversation. With htmx the field form swaps itself in place
 * (saved, or the refusals beside the fields and what was typed kept); without, both go back to the conversation.
 */
@Controller
class DeskFields {

    private static final String FIELD_PREFIX = "f.";

    private final ConversationFields fields;
    private final Conversations conversations;
    private final DeskFieldPanels panels;
    private final TeamChanges teamChanges;
    private final Teams teams;
    private final MessageSource messages;

    DeskFields(ConversationFields fields, Conversations conversations, DeskFieldPanels panels, TeamChanges teamChanges,
            Teams teams, MessageSource messages) {
        this.fields = fields;
        this.conversations = conversations;
        this.panels = panels;
        this.teamChanges = teamChanges;
        this.teams = teams;
        this.messages = messages;
    }

    @PostMapping("/desk/conversations/{id}/fields")
    @PreAuthorize(Access.STAFF_DESK)
    String save(@PathVariable long id, @RequestParam MultiValueMap<String, String> form,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model,
            RedirectAttributes redirect) {
        if (conversations.find(id).isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no conversation " + id);
        }
        var typed = typed(id, form);
        if (htmx == null) {
            return DeskRedirect.toConversation(id, redirect, () -> {
                fields.set(id, typed);
                return text("fields.flash.saved");
            });
        }
        try {
            fields.set(id, typed);
            model.addAttribute("fieldPanel", panels.panel(id, Map.of(), Map.of(), true));
        } catch (CommandRefusedException.InvalidInput e) {
            var errors = new HashMap<String, String>();
            e.problems().forEach(p -> errors.merge(p.field().replaceFirst("^fields\\.", ""), p.message(),
                    (a, b) -> a + "; " + b));
            model.addAttribute("fieldPanel", panels.panel(id, typed, errors, false));
        } catch (CommandRefusedException e) {
            // refused as a whole (a merged conversation): said in the panel, which htmx swaps in
            model.addAttribute("fieldPanel", panels.panel(id, typed, Map.of(), false));
            model.addAttribute("fieldsRefused", e.getMessage());
        }
        return "support/fields-desk :: panel";
    }

    @PostMapping("/desk/conversations/{id}/team")
    @PreAuthorize(Access.STAFF_DESK)
    String team(@PathVariable long id, @RequestParam(required = false) String team, RedirectAttributes redirect) {
        return DeskRedirect.toConversation(id, redirect, () -> {
            Long teamId = null;
            if (team != null && !team.isBlank()) {
                try {
                    teamId = Long.parseLong(team.strip());
                } catch (NumberFormatException e) {
                    throw new CommandRefusedException.InvalidInput("team", text("fields.team.unknown"));
                }
            }
            var after = teamChanges.move(id, teamId);
            var name = teamId == null ? null : teams.get(teamId).name();
            return name == null ? text("fields.flash.noTeam")
                    : after.assignee() == null ? text("fields.flash.teamUnassigned", name)
                    : text("fields.flash.team", name, after.assignee());
        });
    }

    /**
     * The form's values by field key: a checkbox sends "false" (hidden) and "true" when ticked; an unticked one that
     * was never set stays unset.
     */
    private Map<String, String> typed(long conversationId, MultiValueMap<String, String> form) {
        var typed = new LinkedHashMap<String, String>();
        var stored = fields.stored(conversationId);
        var byKey = new HashMap<String, ConversationField>();
        fields.active().forEach(f -> byKey.put(f.key(), f));
        form.forEach((name, values) -> {
            if (!name.startsWith(FIELD_PREFIX)) {
                return;
            }
            var key = name.substring(FIELD_PREFIX.length());
            var field = byKey.get(key);
            List<String> given = values == null ? List.of() : values;
            if (field != null && field.type() == ConversationField.Type.CHECKBOX) {
                if (given.contains("true") || stored.containsKey(field.id())) {
                    typed.put(key, given.contains("true") ? "true" : "false");
                }
            } else {
                typed.put(key, given.isEmpty() ? null : given.getFirst());
            }
        });
        return typed;
    }

    private String text(String key, Object... args) {
        return messages.getMessage(key, args, LocaleContextHolder.getLocale());
    }
}
