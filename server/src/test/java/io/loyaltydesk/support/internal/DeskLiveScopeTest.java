package io.loyaltydesk.support.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.loyaltydesk.IntegrationTest;
import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.support.Conversation;
import io.loyaltydesk.support.Conversations;
import io.loyaltydesk.support.NewConversation;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Over the desk's real event stream (LISTEN/NOTIFY to SSE): an agent looking at "mine" hears about their own
 * conversations, not about a colleague's, and still hears about the conversation they have open.
 */
class DeskLiveScopeTest extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Pattern KEY = Pattern.compile("event:hello\\s*data:\\{\"stream\":\"([0-9a-f-]+)\"\\}");

    @Autowired
    Conversations conversations;

    private MvcResult stream(String agent, String view) throws Exception {
        return mvc.perform(get("/desk/live").param("view", view).with(user(agent).roles("AGENT")))
                .andExpect(request().asyncStarted()).andReturn();
    }

    private static String received(MvcResult stream) throws Exception {
        return stream.getResponse().getContentAsString().replace("\n", " ").replace("\r", "");
    }

    /** Whether one event of the stream has all these pieces in its data. */
    private static boolean has(MvcResult stream, String... pieces) throws Exception {
        for (var event : stream.getResponse().getContentAsString().split("\n\n")) {
            if (java.util.Arrays.stream(pieces).allMatch(event::contains)) {
                return true;
            }
        }
        return false;
    }

    private static boolean waitFor(MvcResult stream, String... pieces) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (has(stream, pieces)) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    private long openAndAssign(String to) {
        return Actor.callAs(Actor.system("test"), () -> {
            var opened = conversations.open(new NewConversation(Conversation.Channel.API, "Live scope " + unique(),
                    uniqueEmail(), null, "Hello"));
            conversations.assign(opened.id(), to);
            return opened.id();
        });
    }

    @Test
    void mineHearsOnlyItsOwnConversationsAndTheOneItHasOpen() throws Exception {
        var anna = "anna" + unique();
        var ben = "ben" + unique();
        var annas = stream(anna, "mine");
        var bens = stream(ben, "mine");
        try {
            assertThat(waitFor(bens, "event:hello")).isTrue();

            long forAnna = openAndAssign(anna);
            assertThat(waitFor(annas, "\"conversationId\":" + forAnna + ",", "\"change\":\"CHANGED\"", "\"queue\":true"))
                    .as(received(annas)).isTrue();
            // Ben hears about his own conversation, which was committed after Anna's: so Anna's was never sent to him
            long forBen = openAndAssign(ben);
            assertThat(waitFor(bens, "\"conversationId\":" + forBen + ",")).isTrue();
            assertThat(has(bens, "\"conversationId\":" + forAnna + ",")).as(received(bens)).isFalse();

            // Ben opens Anna's conversation: he now hears its new lines, which do not touch his queue
            var matcher = KEY.matcher(received(bens));
            assertThat(matcher.find()).as(received(bens)).isTrue();
            mvc.perform(post("/desk/live/focus").with(user(ben).roles("AGENT")).with(csrf())
                    .param("stream", matcher.group(1)).param("conversation", Long.toString(forAnna)))
                    .andExpect(status().isNoContent());
            mvc.perform(post("/desk/live/focus").with(user(anna).roles("AGENT")).with(csrf())
                    .param("stream", matcher.group(1)).param("conversation", Long.toString(forAnna)))
                    .andExpect(status().isNotFound()); // another agent's stream
            var note = Actor.callAs(new Actor(Actor.Type.STAFF, null, anna, null),
                    () -> conversations.note(forAnna, "Checking the receipt"));
            assertThat(waitFor(bens, "\"conversationId\":" + forAnna + ",", "\"messageId\":" + note.id() + ",",
                    "\"queue\":false")).as(received(bens)).isTrue();
            assertThat(waitFor(annas, "\"messageId\":" + note.id() + ",", "\"queue\":true")).isTrue();
        } finally {
            annas.getRequest().getAsyncContext().complete();
            bens.getRequest().getAsyncContext().complete();
        }
    }
}
