package io.loyaltydesk.support.internal;

import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.support.Conversation;
import io.loyaltydesk.support.Conversations;
import io.loyaltydesk.support.Message;
import io.loyaltydesk.support.NewConversation;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Takes in one message from an SMS/social provider: continues the sender's open conversation on that channel
 * (matched by phone number), or opens one (matched to a member by phone). A message id seen before changes
 * nothing.
 */
@Service
class ProviderInbound {

    /** What the provider posts; {@code id} is its own message id. */
    record Inbound(String id, String from, String text) {
    }

    record Received(long conversationId, long messageId, boolean duplicate) {
    }

    private final Conversations conversations;
    private final JdbcClient jdbc;
    private final Clock clock;

    ProviderInbound(Conversations conversations, JdbcClient jdbc, Clock clock) {
        this.conversations = conversations;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional
    Received receive(String provider, Conversation.Channel channel, Inbound inbound) {
        if (inbound.id() == null || inbound.id().isBlank() || inbound.id().length() > 200) {
            throw new CommandRefusedException.InvalidInput("id", "is required: the provider's message id");
        }
        if (inbound.from() == null || inbound.from().isBlank()) {
            throw new CommandRefusedException.InvalidInput("from", "is required: the sender's phone number");
        }
        var seen = seen(provider, inbound.id());
        if (seen.isPresent()) {
            return seen.get();
        }
        var from = inbound.from().strip();
        return Actor.callAs(Actor.system("provider:" + provider), () -> {
            var open = jdbc.sql("""
                    select id from conversations
                     where channel = :channel and contact_phone = :phone and status not in ('SOLVED','CLOSED','MERGED')
                     order by id desc limit 1
                    """).param("channel", channel.name()).param("phone", from).query(Long.class).optional();
            Message message;
            long conversationId;
            if (open.isPresent()) {
                conversationId = open.get();
                message = conversations.memberWrote(conversationId, inbound.text());
            } else {
                var opened = conversations.open(new NewConversation(channel,
                        (channel == Conversation.Channel.SMS ? "SMS from " : "Message from ") + from, null, from,
                        inbound.text()));
                conversationId = opened.id();
                message = conversations.messages(conversationId).getFirst();
            }
            jdbc.sql("""
                    insert into support_provider_inbound (provider, external_id, conversation_id, message_id, created_at)
                    values (:provider, :external, :conversation, :message, :now)
                    """).param("provider", provider).param("external", inbound.id())
                    .param("conversation", conversationId).param("message", message.id())
                    .param("now", Timestamp.from(clock.instant().truncatedTo(ChronoUnit.MICROS))).update();
            return new Received(conversationId, message.id(), false);
        });
    }

    Optional<Received> seen(String provider, String externalId) {
        return jdbc.sql("""
                select conversation_id, message_id from support_provider_inbound
                 where provider = :provider and external_id = :external
                """).param("provider", provider).param("external", externalId)
                .query((rs, row) -> new Received(rs.getLong(1), rs.getLong(2), true)).optional();
    }

    /** The provider that last brought in a message of the conversation, to answer through the same one. */
    Optional<String> providerOf(long conversationId) {
        return jdbc.sql("""
                select provider from support_provider_inbound where conversation_id = :id
                 order by created_at desc limit 1
                """).param("id", conversationId).query(String.class).optional();
    }
}
