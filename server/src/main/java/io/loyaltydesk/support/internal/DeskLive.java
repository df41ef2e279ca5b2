package io.loyaltydesk.support.internal;

import io.loyaltydesk.staff.Access;
import io.loyaltydesk.staff.Actor;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The desk's live side: the agent's event stream (which also makes them count as online for the chat widget),
 * and the typing and read signals the desk page sends while a chat is open.
 */
@RestController
class DeskLive {

    private final LiveHub hub;
    private final LiveChats chats;

    DeskLive(LiveHub hub, LiveChats chats) {
        this.hub = hub;
        this.chats = chats;
    }

    @GetMapping(path = "/desk/live", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @PreAuthorize(Access.STAFF_DESK)
    SseEmitter live(@RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            @RequestParam(required = false) String after, @RequestParam(required = false) String view,
            @RequestParam(required = false) String team, @RequestParam(required = false) String status,
            @RequestParam(required = false) String conversation) {
        var me = Actor.current().name();
        return hub.openAgent(me, LiveIds.last(lastEventId, after),
                DeskScope.of(view, me, LiveIds.number(team), status), Math.max(0, LiveIds.last(conversation, null)));
    }

    /** The desk page opened another conversation: its stream now also gets that conversation's events. */
    @PostMapping("/desk/live/focus")
    @PreAuthorize(Access.STAFF_DESK)
    ResponseEntity<Void> focus(@RequestParam(required = false) String stream,
            @RequestParam(required = false) String conversation) {
        boolean known = stream != null && stream.length() <= 64
                && hub.focus(Actor.current().name(), stream, LiveIds.last(conversation, null));
        return known ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
    }

    @PostMapping("/desk/conversations/{id}/typing")
    @PreAuthorize(Access.STAFF_DESK)
    ResponseEntity<Void> typing(@PathVariable long id) {
        chats.agentTyping(id, Actor.current().name());
        return ResponseEntity.noContent().build();
    }

    /** The agent has seen the thread up to {@code messageId}; answers how far the member has read. */
    @PostMapping("/desk/conversations/{id}/read")
    @PreAuthorize(Access.STAFF_DESK)
    Map<String, Object> read(@PathVariable long id, @RequestParam long messageId) {
        return Map.of("memberReadUpTo", chats.agentRead(id, messageId));
    }
}
