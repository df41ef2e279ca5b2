package io.loyaltydesk.support.internal;

import io.loyaltydesk.platform.KeysetPage;
import io.loyaltydesk.staff.Access;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.loyaltydesk.support.Claim;
import io.loyaltydesk.support.Conversation;
import io.loyaltydesk.support.Conversations;
import io.loyaltydesk.support.Message;
import io.loyaltydesk.support.MissingPointsClaims;
import io.loyaltydesk.support.NewConversation;
import io.loyaltydesk.support.QueueView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/conversations")
@Tag(name = "Conversations", description = "Support conversations: open one from a web form or another system, "
        + "read the queue and threads, add member messages, agent replies and internal notes")
class ConversationsApi {

    private static final int PAGE_SIZE = 50;

    private final Conversations conversations;
    private final MissingPointsClaims claims;

    ConversationsApi(Conversations conversations, MissingPointsClaims claims) {
        this.conversations = conversations;
        this.claims = claims;
    }

    /** A conversation with its thread, oldest message first; {@code claim} for a typed one (missing points). */
    record ConversationDetail(Conversation conversation, List<Message> messages, String type, Claim claim) {

        ConversationDetail(Conversation conversation, List<Message> messages, Claim claim) {
            this(conversation, messages, ConversationItem.type(claim), claim);
        }
    }

    /**
     * A conversation of the list: its fields, plus {@code type} (MISSING_POINTS for a claim, else GENERAL) and the
     * claim's data when it is one.
     */
    record ConversationItem(@JsonUnwrapped Conversation conversation, String type, Claim claim) {

        static String type(Claim claim) {
            return claim == null ? "GENERAL" : claim.kind().name();
        }
    }

    record MessageRequest(String body, Message.Kind kind) {
    }

    @PostMapping
    @PreAuthorize(Access.API_CONVERSATIONS_WRITE)
    @Operation(summary = "Open a conversation", description = "From a contact's first message: channel, subject, "
            + "email and/or phone, message. The contact is matched to a member by email, else by phone. Bad fields "
            + "give 400 with every one in errors[].")
    ResponseEntity<ConversationDetail> open(@RequestBody NewConversation request) {
        var opened = conversations.open(request);
        return ResponseEntity.created(URI.create("/api/v1/conversations/" + opened.id()))
                .body(new ConversationDetail(opened, conversations.messages(opened.id()), null));
    }

    @GetMapping
    @PreAuthorize(Access.API_CONVERSATIONS_READ)
    @Operation(summary = "List conversations", description = "Newest first, " + PAGE_SIZE + " a page; pass "
            + "nextCursor as cursor for the next page. status filters; unassigned=true keeps those nobody has taken. "
            + "type is MISSING_POINTS for a member's missing-points claim (with the receipt data in claim), else "
            + "GENERAL.")
    KeysetPage<ConversationItem> list(@RequestParam(required = false) Conversation.Status status,
            @RequestParam(defaultValue = "false") boolean unassigned, @RequestParam(required = false) String cursor) {
        var page = conversations.queue(unassigned ? QueueView.UNASSIGNED : QueueView.ALL, status, cursor, PAGE_SIZE);
        var claimed = claims.of(page.items().stream().map(Conversation::id).toList());
        return new KeysetPage<>(page.items().stream()
                .map(c -> new ConversationItem(c, ConversationItem.type(claimed.get(c.id())), claimed.get(c.id())))
                .toList(), page.nextCursor());
    }

    @GetMapping("/{id}")
    @PreAuthorize(Access.API_CONVERSATIONS_READ)
    @Operation(summary = "Read a conversation with its messages", description = "Internal notes (kind NOTE) are "
            + "included: the API is for staff systems, not for members.")
    ConversationDetail get(@PathVariable long id) {
        return new ConversationDetail(conversations.get(id), conversations.messages(id),
                claims.find(id).orElse(null));
    }

    @PostMapping("/{id}/messages")
    @PreAuthorize(Access.API_CONVERSATIONS_WRITE)
    @Operation(summary = "Add a message", description = "kind FROM_MEMBER (the member wrote again; reopens a "
            + "pending or solved conversation), FROM_AGENT (a reply; the first one sets firstResponseAt and a NEW "
            + "conversation becomes OPEN) or NOTE (internal).")
    ResponseEntity<Message> add(@PathVariable long id, @RequestBody MessageRequest request) {
        var message = conversations.addMessage(id, request.kind(), request.body());
        return ResponseEntity.created(URI.create("/api/v1/conversations/" + id)).body(message);
    }
}
