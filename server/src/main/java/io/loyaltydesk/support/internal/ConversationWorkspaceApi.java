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
     * whoever has it; {@code tags} replaces the whole set; {@code team} (a team's name or id, "" for none) moves it
     * to another team; {@code fields} sets custom fields by key (null clears one).
     */
    record ConversationPatch(Conversation.Status status, Conversation.Priority priority, String assignee,
            List<String> tags, String team, java.util.Map<String, Object> fields) {
    }

    record TagRequest(String tag) {
    }

    /** A conversation with its tags, team, SLA due times and custom field values. */
    record ConversationState(Conversation conversation, List<String> tags, String team, Instant firstResponseDueAt,
            Instant nextResponseDueAt, Instant resolutionDueAt, Instant slaDueAt,
            java.util.Map<String, Object> fields) {
    }

    /** Applies a patch in one transaction: every change, or none when one is refused. */
    @Service
    static class Changes {

        private final Conversations conversations;
        private final ConversationTags tags;
        private final SlaTimers sla;
        private final io.loyaltydesk.support.Teams teams;
        private final io.loyaltydesk.support.ConversationFields fields;
        private final TeamChanges teamChanges;

        Changes(Conversations conversations, ConversationTags tags, SlaTimers sla, io.loyaltydesk.support.Teams teams,
                io.loyaltydesk.support.ConversationFields fields, TeamChanges teamChanges) {
            this.conversations = conversations;
            this.tags = tags;
            this.sla = sla;
            this.teams = teams;
            this.fields = fields;
            this.teamChanges = teamChanges;
        }

        @Transactional
        public ConversationState patch(long id, ConversationPatch patch) {
            if (patch == null) {
                throw new CommandRefusedException.InvalidInput("body",
                        "give status, priority, assignee, tags, team or fields");
            }
            conversations.get(id);
            if (patch.tags() != null) {
                tags.replace(id, patch.tags());
            }
            if (patch.priority() != null) {
                conversations.changePriority(id, patch.priority());
            }
            if (patch.fields() != null) {
                fields.set(id, patch.fields());
            }
            if (patch.team() != null) {
                teamChanges.move(id, teamChanges.resolve(patch.team()));
            }
            if (patch.assignee() != null) {
                conversations.assign(id, patch.assignee());
            }
            // last, so that fields given with it count for the fields required on solve
            if (patch.status() != null) {
                conversations.changeStatus(id, patch.status());
            }
            return state(id);
        }

        @Transactional(readOnly = true)
        public ConversationState state(long id) {
            var conversation = conversations.get(id);
            var due = sla.due(id).orElseThrow();
            var teamId = conversation.teamId();
            return new ConversationState(conversation, tags.of(id),
                    teamId == null ? null : teams.find(teamId).map(io.loyaltydesk.support.Team::name).orElse(null),
                    due.firstResponseDueAt(), due.nextResponseDueAt(), due.resolutionDueAt(), due.dueAt(),
                    fields.values(id));
        }
    }

    @PatchMapping("/{id}")
    @PreAuthorize(Access.API_CONVERSATIONS_WRITE)
    @Operation(summary = "Change status, priority, assignee, tags, team or custom fields", description = "Absent "
            + "fields stay as they are; assignee \"\" unassigns; tags replaces the set; team (a team's name or id, "
            + "\"\" for none) moves the conversation: the assignee stays only if they are in the new team, else the "
            + "new team's assignment (round robin, capacity) picks an agent for a waiting one; fields sets custom "
            + "fields by key (null clears one). All changes or none: a bad value gives 400 with errors[] "
            + "(fields.KEY for a field); solving or closing while a field required on solve is empty gives 422 "
            + "(fields-required); nothing is changed either way. Each change leaves a line in the thread and is "
            + "audited.")
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
