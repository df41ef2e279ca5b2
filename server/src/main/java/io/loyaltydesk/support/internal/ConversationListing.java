package io.loyaltydesk.support.internal;

import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.platform.KeysetPage;
import io.loyaltydesk.support.Claim;
import io.loyaltydesk.support.Conversation;
import io.loyaltydesk.support.ConversationFields;
import io.loyaltydesk.support.Conversations;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The API's list of conversations with its filters: status, unassigned, type (GENERAL or a claim's kind), channel
 * and custom field values. Newest first, keyset paginated on the id like the desk's queue.
 */
@Component
class ConversationListing {

    static final String GENERAL = "GENERAL";

    /** The filters; null (or empty) ones do not filter. {@code type} is GENERAL or a {@link Claim.Kind}. */
    record Criteria(Conversation.Status status, boolean unassigned, String type, Conversation.Channel channel,
            List<ConversationFields.Filter> fields) {
    }

    private final JdbcClient jdbc;

    ConversationListing(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A type as a client wrote it, checked. */
    static String type(String typed) {
        if (typed == null || typed.isBlank()) {
            return null;
        }
        var types = Stream.concat(Stream.of(GENERAL), Arrays.stream(Claim.Kind.values()).map(Enum::name)).toList();
        return types.stream().filter(t -> t.equalsIgnoreCase(typed.strip())).findFirst()
                .orElseThrow(() -> new CommandRefusedException.InvalidInput("type", "must be one of "
                        + types.stream().collect(Collectors.joining(", "))));
    }

    @Transactional(readOnly = true)
    KeysetPage<Conversation> page(Criteria criteria, String cursor, int limit) {
        var where = new ArrayList<String>();
        var params = new HashMap<String, Object>();
        var after = KeysetPage.decode(cursor);
        if (after != null) {
            where.add("c.id < :after");
            params.put("after", after);
        }
        if (criteria.status() != null) {
            where.add("c.status = :status");
            params.put("status", criteria.status().name());
        }
        if (criteria.unassigned()) {
            where.add("c.assignee is null");
        }
        if (GENERAL.equals(criteria.type())) {
            where.add("not exists (select 1 from conversation_claims k where k.conversation_id = c.id)");
        } else if (criteria.type() != null) {
            where.add("exists (select 1 from conversation_claims k where k.conversation_id = c.id and k.kind = :kind)");
            params.put("kind", criteria.type());
        }
        if (criteria.channel() != null) {
            where.add("c.channel = :channel");
            params.put("channel", criteria.channel().name());
        }
        var fields = criteria.fields() == null ? List.<ConversationFields.Filter>of() : criteria.fields();
        for (int i = 0; i < fields.size(); i++) {
            where.add("exists (select 1 from conversation_field_values v where v.conversation_id = c.id"
                    + " and v.field_id = :field" + i + " and v.value = :value" + i + ")");
            params.put("field" + i, fields.get(i).fieldId());
            params.put("value" + i, fields.get(i).value());
        }
        params.put("limit", limit + 1);
        var rows = jdbc.sql("select c.* from conversations c"
                        + (where.isEmpty() ? "" : " where " + String.join(" and ", where))
                        + " order by c.id desc limit :limit")
                .params(params).query(Conversations::conversation).list();
        return KeysetPage.of(rows, limit, Conversation::id);
    }
}
