package io.loyaltydesk.support;

import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.staff.AuditTrail;
import io.loyaltydesk.support.internal.Router;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tags on conversations: short lower-case words (letters, digits, '-' and '_') for views, reports and routing rules.
 * Adding a tag to a conversation no team has yet routes it again, so tag rules work on conversations tagged after
 * they arrived.
 */
@Service
public class ConversationTags {

    public static final int TAGS_MAX = 20;
    public static final String TAG_RULE = "use 1 to 40 letters, digits, '-' or '_'";
    private static final Pattern TAG = Pattern.compile("[\\p{L}\\p{N}_-]{1,40}");

    private final JdbcClient jdbc;
    private final Conversations conversations;
    private final AuditTrail audit;
    private final Router router;

    ConversationTags(JdbcClient jdbc, Conversations conversations, AuditTrail audit, Router router) {
        this.jdbc = jdbc;
        this.conversations = conversations;
        this.audit = audit;
        this.router = router;
    }

    /** The tag as stored (lower case, without '#' or spaces around), or null when it is not a valid tag. */
    public static String normalise(String tag) {
        if (tag == null) {
            return null;
        }
        var clean = tag.strip().replaceFirst("^#", "").toLowerCase(Locale.ROOT);
        return TAG.matcher(clean).matches() ? clean : null;
    }

    @Transactional(readOnly = true)
    public List<String> of(long conversationId) {
        return jdbc.sql("select tags from conversations where id = :id").param("id", conversationId)
                .query((rs, n) -> Arrays.asList((String[]) rs.getArray("tags").getArray())).optional()
                .orElseThrow(() -> new CommandRefusedException.NotFound("Conversation", conversationId));
    }

    /** Adds a tag; adding one the conversation has changes nothing. */
    @Transactional
    public List<String> add(long conversationId, String tag) {
        var clean = normalise(tag);
        if (clean == null) {
            throw new CommandRefusedException.InvalidInput("tag", TAG_RULE);
        }
        var before = lockTags(conversationId);
        if (before.contains(clean)) {
            return before;
        }
        if (before.size() >= TAGS_MAX) {
            throw new CommandRefusedException.RuleViolated("too-many-tags",
                    "A conversation has at most " + TAGS_MAX + " tags");
        }
        jdbc.sql("update conversations set tags = array_append(tags, :tag) where id = :id")
                .param("tag", clean).param("id", conversationId).update();
        conversations.addSystemLine(conversationId, Actor.current().name() + " added the tag " + clean);
        var after = of(conversationId);
        audit.record("conversation.tagged", "conversation", conversationId, before, after, null);
        router.routeIfUnrouted(conversationId);
        return after;
    }

    /** Removes a tag; removing one the conversation does not have changes nothing. */
    @Transactional
    public List<String> remove(long conversationId, String tag) {
        var clean = normalise(tag);
        var before = lockTags(conversationId);
        if (clean == null || !before.contains(clean)) {
            return before;
        }
        jdbc.sql("update conversations set tags = array_remove(tags, :tag) where id = :id")
                .param("tag", clean).param("id", conversationId).update();
        conversations.addSystemLine(conversationId, Actor.current().name() + " removed the tag " + clean);
        var after = of(conversationId);
        audit.record("conversation.untagged", "conversation", conversationId, before, after, null);
        return after;
    }

    /** Makes the tags exactly {@code tags}: adds what is missing, removes the rest. Bad tags change nothing. */
    @Transactional
    public List<String> replace(long conversationId, List<String> tags) {
        for (var tag : tags) {
            if (normalise(tag) == null) {
                throw new CommandRefusedException.InvalidInput("tags", "'" + tag + "': " + TAG_RULE);
            }
        }
        var wanted = tags.stream().map(ConversationTags::normalise).distinct().toList();
        if (wanted.size() > TAGS_MAX) {
            throw new CommandRefusedException.InvalidInput("tags", "at most " + TAGS_MAX + " tags");
        }
        for (var tag : of(conversationId)) {
            if (!wanted.contains(tag)) {
                remove(conversationId, tag);
            }
        }
        for (var tag : wanted) {
            add(conversationId, tag);
        }
        return of(conversationId);
    }

    private List<String> lockTags(long conversationId) {
        conversations.lockForChange(conversationId);
        return jdbc.sql("select tags from conversations where id = :id for update").param("id", conversationId)
                .query((rs, n) -> Arrays.asList((String[]) rs.getArray("tags").getArray())).optional()
                .orElseThrow(() -> new CommandRefusedException.NotFound("Conversation", conversationId));
    }
}
