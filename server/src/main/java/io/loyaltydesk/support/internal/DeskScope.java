package io.loyaltydesk.support.internal;

import io.loyaltydesk.support.Conversation;
import java.util.Locale;
import java.util.Objects;

/**
 * What an agent's desk shows in its queue (view, team and status filter), for deciding which live events make it
 * refresh: an event counts when the conversation is, or was until this change, in that queue. Tag and search filters
 * are not looked at (an event passes them), so a filtered desk may refresh for a row it does not show, never miss
 * one. The breached view also refreshes on every status change, since solving ends a breach without saying so.
 */
record DeskScope(InboxView view, String me, Long teamId, String status) {

    /** Everything: a desk that did not say what it shows. */
    static final DeskScope ALL = new DeskScope(InboxView.ALL, null, null, null);

    /** Reads the desk's stream parameters; anything unreadable widens the scope rather than hiding events. */
    static DeskScope of(String view, String me, Long teamId, String status) {
        InboxView parsedView;
        try {
            parsedView = view == null || view.isBlank() ? InboxView.ALL
                    : InboxView.valueOf(view.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            parsedView = InboxView.ALL;
        }
        String parsedStatus;
        try {
            parsedStatus = status == null || status.isBlank() ? null
                    : Conversation.Status.valueOf(status.strip().toUpperCase(Locale.ROOT)).name();
        } catch (IllegalArgumentException e) {
            parsedStatus = null;
        }
        if (parsedView == InboxView.TEAM && teamId == null) {
            parsedView = InboxView.ALL;
        }
        return new DeskScope(parsedView, me, teamId, parsedStatus);
    }

    /** Whether the event touches this queue. Only for desk events (OPENED, CHANGED, MESSAGE). */
    boolean shows(LiveEvent event) {
        if (event.status() == null) {
            return true;
        }
        boolean inView = switch (view) {
            case ALL, TEAM -> true;
            case MINE -> me != null && (me.equals(event.assignee()) || me.equals(event.previousAssignee()));
            case UNASSIGNED -> event.assignee() == null || event.previousAssignee() == null;
            case BREACHED -> event.isBreached() || (event.type() == LiveEvent.Type.CHANGED
                    && !Objects.equals(event.status(), event.previousStatus()));
        };
        boolean inTeam = teamId == null || teamId.equals(event.teamId()) || teamId.equals(event.previousTeamId());
        boolean inStatus = status == null || status.equals(event.status()) || status.equals(event.previousStatus());
        return inView && inTeam && inStatus;
    }
}
