package io.loyaltydesk.support.internal;

import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.platform.KeysetPage;
import io.loyaltydesk.staff.Access;
import io.loyaltydesk.support.Conversation;
import io.loyaltydesk.support.ConversationTags;
import io.loyaltydesk.support.Conversations;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/conversations")
@Tag(name = "Conversations")
class ConversationWorkspaceApi {

    private static final int PAGE_SIZE = 50;

    private final Changes changes;
    private final ConversationTags tags;
    private final Inbox inbox;

    ConversationWorkspaceApi(Changes changes, ConversationTags tags, Inbox inbox) {
        this.changes = changes;
        this.tags = tags;
        this.inbox = inbox;
    }

    /**
     * What to change; absent (null) fields stay as they are. {@code assignee} "" takes the conversation away from
     * whoever has it; {@code tags} replaces the whole set.
     */
    record ConversationPatch(Conversation.Status status, Conversation.Priority priority, String assignee,
            List<String> tags) {
    }

    record TagRequest(String tag) {
    }

    /** A conversation with its tags and SLA due times. */
    record ConversationState(Conversation conversation, List<String> tags, String team, Instant firstResponseDueAt,
            Instant nextResponseDueAt, Instant resolutionDueAt, Instant slaDueAt) {
    }

    /** Applies a patch in one transaction: every change, or none when one is refused. */
    @Service
    static class Changes {

        private final Conversations conversations;
        private final ConversationTags tags;
        private final SlaTimers sla;
        private final io.loyaltydesk.support.Teams teams;

        Changes(Conversations conversations, ConversationTags tags, SlaTimers sla, io.loyaltydesk.support.Teams teams) {
            this.conversations = conversations;
            this.tags = tags;
            this.sla = sla;
            this.teams = teams;
        }

        @Transactional
        public ConversationState patch(long id, ConversationPatch patch) {
            if (patch == null) {
                throw new CommandRefusedException.InvalidInput("body", "give status, priority, assignee or tags");
            }
            conversations.get(id);
            if (patch.tags() != null) {
                tags.replace(id, patch.tags());
            }
            if (patch.priority() != null) {
                conversations.changePriority(id, patch.priority());
            }
            if (patch.assignee() != null) {
                conversations.assign(id, patch.assignee());
            }
            if (patch.status() != null) {
                conversations.changeStatus(id, patch.status());
            }
            return state(id);
        }

        @Transactional(readOnly = true)
        public ConversationState state(long id) {
            var conversation = conversations.get(id);
            var due = sla.due(id).orElseThrow();
            var teamId = sla.teamOf(id);
            return new ConversationState(conversation, tags.of(id),
                    teamId == 0 ? null : teams.find(teamId).map(io.loyaltydesk.support.Team::name).orElse(null),
                    due.firstResponseDueAt(), due.nextResponseDueAt(), due.resolutionDueAt(), due.dueAt());
        }
    }

    @PatchMapping("/{id}")
    @PreAuthorize(Access.API_CONVERSATIONS_WRITE)
    @Operation(summary = "Change status, priority, assignee or tags", description = "Absent fields stay as they are; "
            + "assignee \"\" unassigns; tags replaces the set. All changes or none: a bad value gives 400 with "
            + "errors[] and changes nothing. Each change leaves a line in the thread and is audited.")
    ConversationState patch(@PathVariable long id, @RequestBody ConversationPatch patch) {
        return changes.patch(id, patch);
    }

    @GetMapping("/{id}/state")
    @PreAuthorize(Access.API_CONVERSATIONS_READ)
    @Operation(summary = "Tags, team and SLA due times of a conversation")
    ConversationState state(@PathVariable long id) {
        return changes.state(id);
    }

    @PostMapping("/{id}/tags")
    @PreAuthorize(Access.API_CONVERSATIONS_WRITE)
    @Operation(summary = "Add a tag", description = "1 to 40 letters, digits, '-' or '_'; stored in lower case. "
            + "Adding a tag the conversation has changes nothing. May route an unrouted conversation (tag rules).")
    List<String> addTag(@PathVariable long id, @RequestBody TagRequest request) {
        return tags.add(id, request == null ? null : request.tag());
    }

    @DeleteMapping("/{id}/tags/{tag}")
    @PreAuthorize(Access.API_CONVERSATIONS_WRITE)
    @Operation(summary = "Remove a tag")
    ResponseEntity<List<String>> removeTag(@PathVariable long id, @PathVariable String tag) {
        return ResponseEntity.ok(tags.remove(id, tag));
    }

    @GetMapping("/search")
    @PreAuthorize(Access.API_CONVERSATIONS_READ)
    @Operation(summary = "Search and filter conversations", description = "q: words from the subject, messages, "
            + "contact or member number (each word matches as a prefix, all must match); view ALL, UNASSIGNED, "
            + "TEAM (with team), BREACHED (an SLA target passed); status; tag. Newest first, " + PAGE_SIZE
            + " a page; pass nextCursor as cursor.")
    KeysetPage<Inbox.Row> search(@RequestParam(required = false) String q,
            @RequestParam(defaultValue = "ALL") InboxView view, @RequestParam(required = false) Long team,
            @RequestParam(required = false) Conversation.Status status, @RequestParam(required = false) String tag,
            @RequestParam(required = false) String cursor) {
        if (view == InboxView.MINE) {
            throw new CommandRefusedException.InvalidInput("view", "MINE is for agents in the desk; use ALL with an "
                    + "assignee filter in the desk, or TEAM");
        }
        return inbox.page(new Inbox.Filter(view, null, team, status, tag, q), cursor, PAGE_SIZE);
    }
}
