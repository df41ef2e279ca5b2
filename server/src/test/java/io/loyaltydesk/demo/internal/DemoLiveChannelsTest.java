package io.loyaltydesk.demo.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.loyaltydesk.IntegrationTest;
import io.loyaltydesk.members.Enrollment;
import io.loyaltydesk.members.Member;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.support.Conversation;
import io.loyaltydesk.support.MemberChat;
import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The demo's chats and SMS: a portal chat that became an email ticket, live chats, SMS and a messaging app. */
class DemoLiveChannelsTest extends IntegrationTest {

    @Autowired
    DemoLiveChannels channels;

    @Autowired
    Members members;

    @Autowired
    MemberChat chat;

    @Autowired
    JdbcClient jdbc;

    @Test
    void seedsChatsAndSmsConversations() {
        var people = new ArrayList<Member>();
        for (int i = 0; i < 3; i++) {
            var email = uniqueEmail();
            people.add(Actor.callAs(Actor.system("test"), () -> members.enroll(new Enrollment("Demo", "Chatter", email,
                    null, null, null, null, null, null, Map.of(), "test", null))));
        }
        long before = jdbc.sql("select coalesce(max(id), 0) from conversations").query(Long.class).single();
        assertThat(channels.seed(people)).isEqualTo(6);

        var portalChat = chat.thread(people.getFirst().id().value());
        assertThat(portalChat.conversation()).isNotNull();
        var channelsSeeded = jdbc.sql("select channel from conversations where id > :before")
                .param("before", before).query(String.class).list();
        assertThat(channelsSeeded).hasSize(6).contains(Conversation.Channel.CHAT.name(),
                Conversation.Channel.SMS.name(), Conversation.Channel.SOCIAL.name());
        // the portal chat stayed a chat when an agent was online, or became an email ticket when nobody was
        assertThat(portalChat.conversation().channel()).isEqualTo(portalChat.offline()
                ? Conversation.Channel.EMAIL : Conversation.Channel.CHAT);
    }
}
