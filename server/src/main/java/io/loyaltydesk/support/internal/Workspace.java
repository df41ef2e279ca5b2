package io.loyaltydesk.support.internal;

import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.support.Conversation;
import io.loyaltydesk.support.ConversationTags;
import io.loyaltydesk.support.Macros;
import io.loyaltydesk.support.Message;
import io.loyaltydesk.support.Teams;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/**
 * What the desk shows around the thread besides the original queue and member panel: teams and the agent's own
 * availability, tags, SLA timers, macros and the unread notifications count.
 */
@Component
class Workspace {

    /** Inbox parameters of the desk's URLs: team, tag, search words, and a macro to put in the reply box. */
    record InboxParams(Long team, String tag, String q, Long macro) {

        Long teamId() {
            return team;
        }

        /** The parameters again, for the links of the page ("&team=..&tag=..&q=.."). */
        String query() {
            var query = new StringBuilder();
            if (team != null) {
                query.append("&team=").append(team);
            }
            if (tag != null && !tag.isBlank()) {
                query.append("&tag=").append(URLEncoder.encode(tag.strip(), StandardCharsets.UTF_8));
            }
            if (q != null && !q.isBlank()) {
                query.append("&q=").append(URLEncoder.encode(q.strip(), StandardCharsets.UTF_8));
            }
            return query.toString();
        }
    }

    private final Teams teams;
    private final ConversationTags tags;
    private final Macros macros;
    private final SlaTimers sla;
    private final DeskNotifications notifications;
    private final MessageSource messages;
    private final Clock clock;

    Workspace(Teams teams, ConversationTags tags, Macros macros, SlaTimers sla, DeskNotifications notifications,
            MessageSource messages, Clock clock) {
        this.teams = teams;
        this.tags = tags;
        this.macros = macros;
        this.sla = sla;
        this.notifications = notifications;
        this.messages = messages;
        this.clock = clock;
    }

    void decorate(Model model, Conversation selected, InboxParams params) {
        var me = Actor.current().name();
        var locale = LocaleContextHolder.getLocale();
        var allTeams = teams.all();
        model.addAttribute("teams", allTeams);
        model.addAttribute("inboxParams", params);
        model.addAttribute("agent", teams.agent(me));
        model.addAttribute("unreadNotifications", notifications.unread(me));
        model.addAttribute("slaFmt", new SlaFormat(messages, locale, clock));
        model.addAttribute("macros", macros.all());
        if (selected != null) {
            model.addAttribute("selectedTags", tags.of(selected.id()));
            model.addAttribute("selectedDue", sla.due(selected.id()).orElse(null));
            model.addAttribute("selectedTeam", allTeams.stream()
                    .filter(t -> selected.teamId() != null && t.id() == selected.teamId()).findFirst().orElse(null));
            if (params.macro() != null && !model.containsAttribute("typedBody")) {
                try {
                    model.addAttribute("typedBody", macros.render(params.macro(), selected.id(), locale));
                    model.addAttribute("macroId", params.macro());
                } catch (CommandRefusedException.NotFound e) {
                    model.addAttribute("actionError", messages.getMessage("routing.macro.gone", null, locale));
                }
            }
        }
    }

    Message replyWithMacro(long macroId, long conversationId, String body, Conversation.Status statusAfter) {
        return macros.replyWith(macroId, conversationId, body, statusAfter);
    }
}
