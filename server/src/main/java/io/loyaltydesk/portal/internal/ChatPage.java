package io.loyaltydesk.portal.internal;

import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.portal.MemberPrincipal;
import io.loyaltydesk.support.MemberChat;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The member's live chat with the support team. Works as a plain form; the page's script sends through the same
 * endpoint (asking for JSON), shows agent replies, typing and read marks as they come over the event stream.
 */
@Controller
class ChatPage {

    private final MemberChat chat;

    ChatPage(MemberChat chat) {
        this.chat = chat;
    }

    @GetMapping("/portal/chat")
    @PreAuthorize(PortalAccess.MEMBER)
    String page(@AuthenticationPrincipal MemberPrincipal me, Model model) {
        model.addAttribute("chat", chat.thread(me.memberId()));
        return "portal/chat";
    }

    @PostMapping(path = "/portal/chat", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    @PreAuthorize(PortalAccess.MEMBER)
    Object send(@AuthenticationPrincipal MemberPrincipal me, @RequestParam(required = false) String body,
            @RequestHeader(name = "Accept", required = false) String accept, RedirectAttributes redirect) {
        boolean script = accept != null && accept.contains(MediaType.APPLICATION_JSON_VALUE);
        try {
            var thread = chat.send(me.memberId(), body);
            return script ? ResponseEntity.ok(thread.asMap()) : "redirect:/portal/chat";
        } catch (CommandRefusedException e) {
            if (script) {
                return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
            }
            redirect.addFlashAttribute("chatError", e.getMessage());
            redirect.addFlashAttribute("typedBody", body);
            return "redirect:/portal/chat";
        }
    }

    @GetMapping(path = "/portal/chat/live", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @PreAuthorize(PortalAccess.MEMBER)
    @ResponseBody
    SseEmitter live(@AuthenticationPrincipal MemberPrincipal me,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            @RequestParam(required = false) String after) {
        return chat.live(me.memberId(), Math.max(id(lastEventId), id(after)));
    }

    @PostMapping("/portal/chat/typing")
    @PreAuthorize(PortalAccess.MEMBER)
    ResponseEntity<Void> typing(@AuthenticationPrincipal MemberPrincipal me) {
        chat.typing(me.memberId());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/portal/chat/read")
    @PreAuthorize(PortalAccess.MEMBER)
    ResponseEntity<Void> read(@AuthenticationPrincipal MemberPrincipal me, @RequestParam long messageId) {
        chat.read(me.memberId(), messageId);
        return ResponseEntity.noContent().build();
    }

    private static long id(String value) {
        try {
            return value == null || value.isBlank() ? 0 : Math.max(0, Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
