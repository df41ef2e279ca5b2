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
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.loyaltydesk.support.ConversationFields;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.util.MultiValueMap;

@RestController
@RequestMapping("/api/v1/conversations")
@Tag(name = "Conversations", description = "Support conversations: open one from a web form or another system, "
        + "read the queue and threads, add member messages, agent replies and internal notes")
class ConversationsApi {

    private static final int PAGE_SIZE = 50;

    private static final String FIELD_PARAM = "field.";

    private final Conversations conversations;
    private final MissingPointsClaims claims;
    private final ConversationFields fields;
    private final ConversationEmails emails;
    private final ConversationListing listing;

    ConversationsApi(Conversations conversations, MissingPointsClaims claims, ConversationFields fields,
            ConversationEmails emails, ConversationListing listing) {
        this.conversations = conversations;
        this.claims = claims;
        this.fields = fields;
        this.emails = emails;
        this.listing = listing;
    }

    /**
     * A conversation with its thread, oldest message first; {@code claim} for a typed one (missing points),
     * {@code fields} its custom field values by key, {@code email} its mail thread when it has one.
     */
    record ConversationDetail(Conversation conversation, List<ThreadMessage> messages, String type, Claim claim,
            Map<String, Object> fields, ConversationEmails.ThreadEmail email) {
    }

    /** A message of the thread; {@code email} the mail it came or went as, when it was one. */
    record ThreadMessage(@JsonUnwrapped Message message, ConversationEmails.MessageEmail email) {
    }

    /**
     * A conversation of the list: its fields, plus {@code type} (MISSING_POINTS for a claim, else GENERAL), the
     * claim's data when it is one and its mail thread when it has one.
     */
    record ConversationItem(@JsonUnwrapped Conversation conversation, String type, Claim claim,
            ConversationEmails.ThreadEmail email) {

        static String type(Claim claim) {
            return claim == null ? "GENERAL" : claim.kind().name();
        }
    }

    record MessageRequest(String body, Message.Kind kind) {
    }

    record MergeRequest(Long into) {
    }

    @PostMapping
    @PreAuthorize(Access.API_CONVERSATIONS_WRITE)
    @Operation(summary = "Open a conversation", description = "From a contact's first message: channel, subject, "
            + "email and/or phone, message. The contact is matched to a member by email, else by phone. Bad fields "
            + "give 400 with every one in errors[].")
    ResponseEntity<ConversationDetail> open(@RequestBody NewConversation request) {
        var opened = conversations.open(request);
        return ResponseEntity.created(URI.create("/api/v1/conversations/" + opened.id()))
                .body(detail(opened, null));
    }

    private ConversationDetail detail(Conversation conversation, Claim claim) {
        var mails = emails.byMessage(conversation.id());
        var thread = conversations.messages(conversation.id()).stream()
                .map(m -> new ThreadMessage(m, mails.get(m.id()))).toList();
        return new ConversationDetail(conversation, thread, ConversationItem.type(claim), claim,
                fields.values(conversation.id()), emails.thread(conversation.id()).orElse(null));
    }

    @GetMapping
    @PreAuthorize(Access.API_CONVERSATIONS_READ)
    @Operation(summary = "List conversations", description = "Newest first, " + PAGE_SIZE + " a page; pass "
            + "nextCursor as cursor for the next page. status filters; unassigned=true keeps those nobody has taken. "
            + "type is MISSING_POINTS for a member's missing-points claim (with the receipt data in claim), else "
            + "GENERAL; ?type= keeps one of them. ?channel= keeps one channel (EMAIL, CHAT, WEB_FORM, SMS, SOCIAL, "
            + "API). ?field.KEY=value keeps those whose custom field KEY has that value (numbers compare as numbers, "
            + "dates as yyyy-mm-dd, checkboxes as true/false; several field filters must all match). An unknown "
            + "type, channel or field, or a value the field cannot hold, gives 400. email is the mail thread of an "
            + "email conversation.")
    KeysetPage<ConversationItem> list(@RequestParam(required = false) Conversation.Status status,
            @RequestParam(defaultValue = "false") boolean unassigned, @RequestParam(required = false) String type,
            @RequestParam(required = false) Conversation.Channel channel,
            @RequestParam(required = false) String cursor,
            @io.swagger.v3.oas.annotations.Parameter(hidden = true) @RequestParam MultiValueMap<String, String> query) {
        var fieldFilters = new ArrayList<ConversationFields.Filter>();
        for (var entry : query.entrySet()) {
            if (entry.getKey().startsWith(FIELD_PARAM)) {
                var key = entry.getKey().substring(FIELD_PARAM.length());
                entry.getValue().forEach(value -> fieldFilters.add(fields.filter(key, value)));
            }
        }
        var page = listing.page(new ConversationListing.Criteria(status, unassigned, ConversationListing.type(type),
                channel, fieldFilters), cursor, PAGE_SIZE);
        var ids = page.items().stream().map(Conversation::id).toList();
        var claimed = claims.of(ids);
        var threads = emails.threads(ids);
        return new KeysetPage<>(page.items().stream()
                .map(c -> new ConversationItem(c, ConversationItem.type(claimed.get(c.id())), claimed.get(c.id()),
                        threads.get(c.id())))
                .toList(), page.nextCursor());
    }

    @GetMapping("/{id}")
    @PreAuthorize(Access.API_CONVERSATIONS_READ)
    @Operation(summary = "Read a conversation with its messages", description = "Internal notes (kind NOTE) are "
            + "included: the API is for staff systems, not for members. fields holds the custom field values by key "
            + "(active fields with a value: text, number, true/false or yyyy-mm-dd). For a conversation with mails, "
            + "email gives the thread (first sender, recipients, cc, subject, Message-ID, the newest Message-ID) and "
            + "each message that was a mail has email (direction, from, to, cc, subject, messageId, inReplyTo, "
            + "references, status).")
    ConversationDetail get(@PathVariable long id) {
        return detail(conversations.get(id), claims.find(id).orElse(null));
    }

    @PostMapping("/{id}/messages")
    @PreAuthorize(Access.API_CONVERSATIONS_WRITE)
    @Operation(summary = "Add a message", description = "kind FROM_MEMBER (the member wrote again; reopens a "
            + "pending or solved conversation), FROM_AGENT (a reply; the first one sets firstResponseAt and a NEW "
            + "conversation becomes OPEN), NOTE (internal) or FROM_ASSISTANT (an automated assistant's answer to "
            + "the member: shown to them labelled Assistant and mailed on email conversations like a reply, but no "
            + "agent response: firstResponseAt, reply metrics, SLA targets and the status stay as they are). A "
            + "MERGED conversation takes no messages (409), except FROM_MEMBER, which goes to the conversation it "
            + "was merged into.")
    ResponseEntity<Message> add(@PathVariable long id, @RequestBody MessageRequest request) {
        var message = conversations.addMessage(id, request.kind(), request.body());
        return ResponseEntity.created(URI.create("/api/v1/conversations/" + message.conversationId())).body(message);
    }

    @PostMapping("/{id}/merge")
    @PreAuthorize(Access.API_CONVERSATIONS_WRITE)
    @Operation(summary = "Merge a duplicate conversation into another", description = "{\"into\": targetId}: a "
            + "conversation of the same member (or, without a member, the same contact). The source's messages are "
            + "copied into the target with their original kind, author and time, both threads get a SYSTEM line and "
            + "the source becomes MERGED for good (no messages or changes any more; a member mailing to its thread "
            + "lands in the target). Answers the target with its thread. Merging into itself or without into gives "
            + "400; into a merged or closed conversation, a closed or already otherwise merged source, or across "
            + "members or contacts, 409. Repeating a merge already done answers the same.")
    ConversationDetail merge(@PathVariable long id, @RequestBody MergeRequest request) {
        var target = conversations.merge(id, request == null ? null : request.into());
        return detail(target, claims.find(target.id()).orElse(null));
    }
}
