package io.loyaltydesk.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Live chat for a logged-in member (the portal's chat page). A member has at most one chat going on: the first
 * message opens a CHAT conversation linked to them, later ones continue it until it is solved or closed. When no
 * agent has the desk open, the chat becomes an email-answered ticket: it stays open for the agents, who answer
 * by email to the member's address.
 */
public interface MemberChat {

    /**
     * The member's chat as their page shows it.
     *
     * @param conversation null when no chat is going on
     * @param messages the member's and the agents' lines, oldest first (never notes or system lines)
     * @param agentReadUpTo the id of the last message an agent has seen
     * @param offline whether the chat was turned into an email-answered ticket
     */
    record ChatThread(Conversation conversation, List<Message> messages, long agentReadUpTo, int agentsOnline,
            boolean offline, String answerTo) {

        /** As the chat pages' script reads it (JSON). */
        public Map<String, Object> asMap() {
            var data = new LinkedHashMap<String, Object>();
            data.put("conversationId", conversation == null ? null : conversation.id());
            data.put("messages", messages.stream().map(MemberChat::line).toList());
            data.put("agentReadUpTo", agentReadUpTo);
            data.put("agentsOnline", agentsOnline);
            data.put("offline", offline);
            data.put("answerTo", answerTo);
            return data;
        }
    }

    /** One chat line as the member's or visitor's page shows it; the text is shown as text, never as HTML. */
    static Map<String, Object> line(Message message) {
        var data = new LinkedHashMap<String, Object>();
        data.put("id", message.id());
        data.put("conversationId", message.conversationId());
        data.put("mine", message.kind() == Message.Kind.FROM_MEMBER);
        data.put("author", message.author());
        data.put("body", message.body());
        data.put("createdAt", message.createdAt().toString());
        return data;
    }

    ChatThread thread(long memberId);

    /** The member writes; the reply tells whether it was answered live or will be by email. */
    ChatThread send(long memberId, String body);

    /** The member is typing: the agent's desk shows it for a few seconds. */
    void typing(long memberId);

    /** The member has seen the thread up to this message. */
    void read(long memberId, long messageId);

    /** The member's stream of agent replies, typing and read marks; {@code lastEventId} 0 when none. */
    SseEmitter live(long memberId, long lastEventId);
}
