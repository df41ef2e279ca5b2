package io.loyaltydesk.support;

import io.loyaltydesk.ledger.Adjustment;
import io.loyaltydesk.ledger.PointsLedger;
import io.loyaltydesk.members.IdentifierKind;
import io.loyaltydesk.members.Member;
import io.loyaltydesk.members.MemberId;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.platform.FieldProblem;
import io.loyaltydesk.platform.KeysetPage;
import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.staff.AuditTrail;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Support conversations. Every command runs in one transaction under the conversation's row lock, checks its input
 * first, is audited, and leaves a SYSTEM line in the thread for what changed besides the messages themselves.
 */
@Service
public class Conversations {

    public static final int SUBJECT_MAX = 200;
    public static final int BODY_MAX = 20_000;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private final JdbcClient jdbc;
    private final Members members;
    private final PointsLedger ledger;
    private final AuditTrail audit;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    Conversations(JdbcClient jdbc, Members members, PointsLedger ledger, AuditTrail audit, Clock clock,
            ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.members = members;
        this.ledger = ledger;
        this.audit = audit;
        this.clock = clock;
        this.events = events;
    }

    // ---- commands

    /**
     * Opens a conversation from a contact's first message and matches the contact to a member by email, else by
     * phone. Bad fields are all reported at once.
     */
    @Transactional
    public Conversation open(NewConversation request) {
        var problems = new ArrayList<FieldProblem>();
        if (request.channel() == null) {
            problems.add(new FieldProblem("channel", "is required: one of EMAIL, CHAT, WEB_FORM, SMS, SOCIAL, API"));
        }
        var subject = strip(request.subject());
        if (subject == null) {
            problems.add(new FieldProblem("subject", "is required"));
        } else if (subject.length() > SUBJECT_MAX) {
            problems.add(new FieldProblem("subject", "must have at most " + SUBJECT_MAX + " characters"));
        }
        var email = strip(request.email());
        var phone = strip(request.phone());
        if (email == null && phone == null) {
            problems.add(new FieldProblem("email", "give an email or a phone number to answer to"));
        }
        if (email != null && (email.length() > 254 || !EMAIL.matcher(email).matches())) {
            problems.add(new FieldProblem("email", "is not an email address"));
        }
        if (phone != null && (phone.length() > 40 || !phone.matches("[+0-9 ()/.-]{3,}"))) {
            problems.add(new FieldProblem("phone", "is not a phone number"));
        }
        checkBody("message", request.message(), problems);
        if (!problems.isEmpty()) {
            throw new CommandRefusedException.InvalidInput(problems);
        }
        var member = Optional.ofNullable(email).flatMap(e -> members.findBy(IdentifierKind.EMAIL, e))
                .or(() -> Optional.ofNullable(phone).flatMap(p -> members.findBy(IdentifierKind.PHONE, p)));
        var memberId = member.map(m -> m.id().value()).orElse(null);
        var now = now();
        long id = jdbc.sql("""
                insert into conversations (member_id, channel, subject, status, priority, contact_email, contact_phone,
                                           created_at, updated_at)
                values (:member, :channel, :subject, 'NEW', 'NORMAL', :email, :phone, :now, :now)
                returning id
                """)
                .param("member", memberId).param("channel", request.channel().name()).param("subject", subject)
                .param("email", email).param("phone", phone).param("now", Timestamp.from(now))
                .query(Long.class).single();
        events.publishEvent(new ConversationOpened(get(id)));
        var author = member.map(Member::displayName).orElse(email != null ? email : phone);
        insertMessage(id, memberId, Message.Kind.FROM_MEMBER, author, request.message().strip(), now);
        var opened = get(id);
        audit.record("conversation.opened", "conversation", id, null, opened, null);
        return opened;
    }

    /** Adds a message of the given kind: the member's words, an agent's reply or an internal note. */
    @Transactional
    public Message addMessage(long conversationId, Message.Kind kind, String body) {
        if (kind == null) {
            throw new CommandRefusedException.InvalidInput("kind",
                    "is required: one of FROM_MEMBER, FROM_AGENT, NOTE, FROM_ASSISTANT");
        }
        return switch (kind) {
            case FROM_MEMBER -> memberWrote(conversationId, body);
            case FROM_AGENT -> reply(conversationId, body, null);
            case NOTE -> note(conversationId, body);
            case FROM_ASSISTANT -> assistantReplied(conversationId, body);
            case SYSTEM, AUTOMATED -> throw new CommandRefusedException.InvalidInput("kind",
                    "SYSTEM and AUTOMATED lines are written by the desk itself; use FROM_MEMBER, FROM_AGENT, NOTE or "
                            + "FROM_ASSISTANT");
        };
    }

    /** The member wrote again; a conversation that waited on them, or was solved, is open again. */
    @Transactional
    public Message memberWrote(long conversationId, String body) {
        requireBody("body", body);
        // a member writing to a merged conversation (an old mail thread, say) writes to the one it lives on in
        var before = lock(followMerges(conversationId));
        conversationId = before.id();
        var now = now();
        var author = before.memberId() != null
                ? members.find(new MemberId(before.memberId())).map(Member::displayName).orElse(before.contact())
                : before.contact();
        var message = insertMessage(conversationId, before.memberId(), Message.Kind.FROM_MEMBER, author, body.strip(),
                now);
        if (before.status() != Conversation.Status.NEW && before.status() != Conversation.Status.OPEN) {
            setStatus(before, Conversation.Status.OPEN, now);
        } else {
            touch(conversationId, now);
        }
        return message;
    }

    /**
     * An agent's answer to the member. The first one sets {@code firstResponseAt}; the status then becomes
     * {@code statusAfter}, or OPEN when the conversation was NEW and none is given.
     */
    @Transactional
    public Message reply(long conversationId, String body, Conversation.Status statusAfter) {
        requireBody("body", body);
        if (statusAfter == Conversation.Status.MERGED) {
            throw new CommandRefusedException.InvalidInput("statusAfter",
                    "a conversation becomes MERGED only by merging it into another one");
        }
        var before = lock(conversationId);
        var now = now();
        var message = insertMessage(conversationId, before.memberId(), Message.Kind.FROM_AGENT, actor(), body.strip(),
                now);
        jdbc.sql("update conversations set first_response_at = coalesce(first_response_at, :now), updated_at = :now "
                        + "where id = :id")
                .param("now", Timestamp.from(now)).param("id", conversationId).update();
        var status = statusAfter != null ? statusAfter
                : before.status() == Conversation.Status.NEW ? Conversation.Status.OPEN : before.status();
        if (status != before.status()) {
            setStatus(lock(conversationId), status, now);
        }
        audit.record("conversation.replied", "conversation", conversationId, null, message, null);
        return message;
    }

    /** An internal note: for the team, never for the member. */
    @Transactional
    public Message note(long conversationId, String body) {
        requireBody("body", body);
        var before = lock(conversationId);
        var now = now();
        var message = insertMessage(conversationId, before.memberId(), Message.Kind.NOTE, actor(), body.strip(), now);
        touch(conversationId, now);
        audit.record("conversation.noted", "conversation", conversationId, null, message, null);
        return message;
    }

    /**
     * An automated assistant's answer to the member (an external bot through the API): the member sees it and, on
     * email conversations, gets it by mail like an agent's reply; but it is not an agent's response, so neither
     * {@code firstResponseAt}, the reply metrics nor the SLA targets count it, and the status stays as it is.
     */
    @Transactional
    public Message assistantReplied(long conversationId, String body) {
        requireBody("body", body);
        var before = lock(conversationId);
        var now = now();
        var message = insertMessage(conversationId, before.memberId(), Message.Kind.FROM_ASSISTANT, actor(),
                body.strip(), now);
        touch(conversationId, now);
        audit.record("conversation.assistant-replied", "conversation", conversationId, null, message, null);
        return message;
    }

    /**
     * Merges a duplicate conversation into another one of the same member (or, without a member, the same contact),
     * as ADR 0020 describes: the source's messages are copied into the target with their original kind, author and
     * time, both threads get a SYSTEM line, and the source becomes MERGED, a terminal status pointing to the target.
     * Copies publish no MessageAdded: nothing is mailed again and no metric counts them twice. Merging a source
     * already merged into the same target answers the target unchanged.
     */
    @Transactional
    public Conversation merge(long sourceId, Long targetId) {
        if (targetId == null) {
            throw new CommandRefusedException.InvalidInput("into",
                    "is required: the id of the conversation to merge into");
        }
        if (targetId == sourceId) {
            throw new CommandRefusedException.InvalidInput("into", "a conversation cannot be merged into itself");
        }
        // lock both rows in id order, so two merges of the same pair cannot deadlock
        var first = lockAny(Math.min(sourceId, targetId));
        var second = lockAny(Math.max(sourceId, targetId));
        var source = first.id() == sourceId ? first : second;
        var target = first.id() == sourceId ? second : first;
        if (source.status() == Conversation.Status.MERGED) {
            long into = mergedInto(sourceId).orElse(0L);
            if (into == targetId) {
                return target;
            }
            throw new CommandRefusedException.Conflict("conversation-merged",
                    "Conversation #" + sourceId + " was already merged into #" + into);
        }
        if (source.status() == Conversation.Status.CLOSED) {
            throw new CommandRefusedException.Conflict("conversation-closed",
                    "Conversation #" + sourceId + " is closed and cannot be merged");
        }
        if (target.status() == Conversation.Status.MERGED || target.status() == Conversation.Status.CLOSED) {
            throw new CommandRefusedException.Conflict("merge-target-" + target.status().name().toLowerCase(),
                    "Conversation #" + targetId + " is " + target.status().name().toLowerCase()
                            + ": merge into an open one");
        }
        if (!sameContact(source, target)) {
            throw new CommandRefusedException.Conflict("merge-other-contact",
                    "Conversations #" + sourceId + " and #" + targetId
                            + " are not with the same member or contact and cannot be merged");
        }
        var now = now();
        jdbc.sql("""
                insert into conversation_messages (conversation_id, member_id, kind, author, body, created_at,
                                                   copied_from)
                select :target, member_id, kind, author, body, created_at, id
                  from conversation_messages where conversation_id = :source order by id
                """).param("target", targetId).param("source", sourceId).update();
        jdbc.sql("""
                update conversations
                   set status = 'MERGED', merged_into = :target, updated_at = :now,
                       first_response_due_at = null, next_response_due_at = null, resolution_due_at = null
                 where id = :source
                """).param("target", targetId).param("now", Timestamp.from(now)).param("source", sourceId).update();
        var who = actor();
        system(source, who + " merged this conversation into #" + targetId + " (\"" + target.subject() + "\")", now);
        touch(targetId, now);
        system(target, who + " merged conversation #" + sourceId + " (\"" + source.subject()
                + "\") into this one; its messages are above", now);
        var sourceAfter = get(sourceId);
        var targetAfter = get(targetId);
        audit.record("conversation.merged", "conversation", sourceId, source, sourceAfter, "into #" + targetId);
        audit.record("conversation.merged-in", "conversation", targetId, target, targetAfter, "from #" + sourceId);
        events.publishEvent(new ConversationChanged(source, sourceAfter));
        events.publishEvent(new ConversationChanged(target, targetAfter));
        return targetAfter;
    }

    private static boolean sameContact(Conversation a, Conversation b) {
        if (a.memberId() != null || b.memberId() != null) {
            return Objects.equals(a.memberId(), b.memberId());
        }
        return (a.contactEmail() != null && a.contactEmail().equalsIgnoreCase(b.contactEmail()))
                || (a.contactPhone() != null && a.contactPhone().equals(b.contactPhone()));
    }

    @Transactional
    public Conversation changeStatus(long conversationId, Conversation.Status status) {
        if (status == null) {
            throw new CommandRefusedException.InvalidInput("status", "is required");
        }
        if (status == Conversation.Status.MERGED) {
            throw new CommandRefusedException.InvalidInput("status",
                    "a conversation becomes MERGED only by merging it into another one");
        }

        var before = lock(conversationId);
        if (before.status() == status) {
            return before;
        }
        return setStatus(before, status, now());
    }

    @Transactional
    public Conversation changePriority(long conversationId, Conversation.Priority priority) {
        if (priority == null) {
            throw new CommandRefusedException.InvalidInput("priority", "is required");
        }
        var before = lock(conversationId);
        if (before.priority() == priority) {
            return before;
        }
        var now = now();
        jdbc.sql("update conversations set priority = :priority, updated_at = :now where id = :id")
                .param("priority", priority.name()).param("now", Timestamp.from(now)).param("id", conversationId)
                .update();
        system(before, actor() + " changed the priority from " + before.priority() + " to " + priority, now);
        var after = get(conversationId);
        audit.record("conversation.priority-changed", "conversation", conversationId, before, after, null);
        events.publishEvent(new ConversationChanged(before, after));
        return after;
    }

    /** Gives the conversation to a staff username; null or blank takes it away from whoever had it. */
    @Transactional
    public Conversation assign(long conversationId, String assignee) {
        var to = strip(assignee);
        if (to != null && (to.length() > 100 || !to.matches("[\\p{L}\\p{N}._@-]+"))) {
            throw new CommandRefusedException.InvalidInput("assignee", "is not a staff username");
        }
        var before = lock(conversationId);
        if (Objects.equals(before.assignee(), to)) {
            return before;
        }
        var now = now();
        jdbc.sql("update conversations set assignee = :assignee, updated_at = :now where id = :id")
                .param("assignee", to).param("now", Timestamp.from(now)).param("id", conversationId).update();
        var who = actor();
        system(before, to == null ? who + " unassigned this"
                : to.equals(who) ? who + " took this" : who + " assigned this to " + to, now);
        var after = get(conversationId);
        audit.record("conversation.assigned", "conversation", conversationId, before, after, null);
        events.publishEvent(new ConversationChanged(before, after));
        return after;
    }

    @Transactional
    public Conversation assignToMe(long conversationId) {
        return assign(conversationId, actor());
    }

    /** Links the conversation to a member found by member number or email. */
    @Transactional
    public Conversation linkMember(long conversationId, String memberNumberOrEmail) {
        var key = strip(memberNumberOrEmail);
        if (key == null) {
            throw new CommandRefusedException.InvalidInput("member", "give a member number or an email");
        }
        var member = (key.contains("@") ? members.findBy(IdentifierKind.EMAIL, key) : members.findByNumber(key))
                .orElseThrow(() -> new CommandRefusedException.InvalidInput("member",
                        "no member has the number or email " + key));
        var before = lock(conversationId);
        if (Long.valueOf(member.id().value()).equals(before.memberId())) {
            return before;
        }
        var now = now();
        jdbc.sql("update conversations set member_id = :member, updated_at = :now where id = :id")
                .param("member", member.id().value()).param("now", Timestamp.from(now)).param("id", conversationId)
                .update();
        system(get(conversationId), actor() + " linked this to member " + member.displayName() + " ("
                + member.memberNumber() + ")", now);
        var after = get(conversationId);
        audit.record("conversation.member-linked", "conversation", conversationId, before, after, null);
        events.publishEvent(new ConversationChanged(before, after));
        return after;
    }

    /**
     * Goodwill points for the linked member, through the ledger: applied at once up to the ledger's approval limit,
     * above it waiting for a second person. The thread says which.
     */
    @Transactional
    public Goodwill goodwill(long conversationId, long points, String reason) {
        var before = lock(conversationId);
        if (before.memberId() == null) {
            throw new CommandRefusedException.RuleViolated("no-member",
                    "Link the conversation to a member before giving points");
        }
        if (points <= 0) {
            throw new CommandRefusedException.InvalidInput("points", "must be a positive whole number");
        }
        var adjustment = ledger.adjust(before.memberId(), points, reason, "Goodwill from conversation #"
                + conversationId, "conversation", Long.toString(conversationId));
        boolean applied = adjustment.status() == Adjustment.Status.APPLIED;
        var now = now();
        system(before, "Goodwill: " + points + " points (" + (applied ? "applied" : "waiting for approval") + ") by "
                + actor() + ": " + adjustment.reason(), now);
        audit.record("conversation.goodwill", "conversation", conversationId, null, adjustment, reason);
        return new Goodwill(adjustment);
    }

    /**
     * Moves a merged-away member's conversations and messages to the surviving member, with a line in each thread.
     * Running it again finds nothing left to move.
     */
    @Transactional
    public int moveMember(long duplicateId, long survivorId) {
        var moved = jdbc.sql("select * from conversations where member_id = :duplicate order by id for update")
                .param("duplicate", duplicateId).query(Conversations::conversation).list();
        if (moved.isEmpty()) {
            return 0;
        }
        var now = now();
        jdbc.sql("update conversations set member_id = :survivor, updated_at = :now where member_id = :duplicate")
                .param("survivor", survivorId).param("duplicate", duplicateId).param("now", Timestamp.from(now))
                .update();
        jdbc.sql("update conversation_messages set member_id = :survivor where member_id = :duplicate")
                .param("survivor", survivorId).param("duplicate", duplicateId).update();
        for (var conversation : moved) {
            system(get(conversation.id()), "Member " + duplicateId + " was merged into member " + survivorId, now);
            audit.record("conversation.member-merged", "conversation", conversation.id(), conversation,
                    get(conversation.id()), null);
        }
        return moved.size();
    }

    /**
     * Erases what the member's conversations hold about them, on an erasure request: contact details, subjects and
     * every message text (agents quote members), and the recorded states in the audit log. Who wrote when stays.
     */
    @Transactional
    public int erase(long memberId) {
        var ids = jdbc.sql("select id from conversations where member_id = :member order by id for update")
                .param("member", memberId).query(Long.class).list();
        if (ids.isEmpty()) {
            return 0;
        }
        jdbc.sql("""
                update conversations set contact_email = null, contact_phone = null, subject = '[erased]',
                                         search_doc = null
                 where member_id = :member
                """).param("member", memberId).update();
        jdbc.sql("""
                update conversation_messages
                   set body = '[erased]', author = case when kind = 'FROM_MEMBER' then '[erased]' else author end
                 where conversation_id in (select id from conversations where member_id = :member)
                """).param("member", memberId).update();
        for (long id : ids) {
            audit.redact("conversation", id);
            audit.record("conversation.erased", "conversation", id, null, null, "member erased");
        }
        return ids.size();
    }

    /**
     * Opens a conversation for a member the caller already knows (a member logged in to the portal): linked to that
     * member whatever their contact details match, answered to their email (else phone).
     */
    @Transactional
    public Conversation openForMember(long memberId, Conversation.Channel channel, String subject, String message) {
        var member = members.get(new MemberId(memberId));
        var opened = open(new NewConversation(channel, subject, member.email().orElse(null),
                member.email().isPresent() ? null : member.phone().orElse(null), message));
        if (!Long.valueOf(memberId).equals(opened.memberId())) {
            jdbc.sql("update conversations set member_id = :member where id = :id")
                    .param("member", memberId).param("id", opened.id()).update();
            jdbc.sql("update conversation_messages set member_id = :member where conversation_id = :id")
                    .param("member", memberId).param("id", opened.id()).update();
        }
        return get(opened.id());
    }

    /**
     * A SYSTEM line in the thread for something the desk did around the conversation (routing, tags, SLA
     * escalations, loyalty actions), under the conversation's row lock.
     */
    @Transactional
    public Message addSystemLine(long conversationId, String text) {
        requireBody("text", text);
        var conversation = lockAny(conversationId);
        var now = now();
        var message = insertMessage(conversationId, conversation.memberId(), Message.Kind.SYSTEM, "system",
                text.strip(), now);
        touch(conversationId, now);
        return message;
    }

    /**
     * An automated message to the member (a survey invitation, say): shown in the thread and, on email conversations,
     * mailed to the contact in the thread; never an agent's reply, so no reply metric or SLA target counts it.
     */
    @Transactional
    public Message addAutomatedMessage(long conversationId, String text) {
        requireBody("text", text);
        var conversation = lock(conversationId);
        var now = now();
        var message = insertMessage(conversationId, conversation.memberId(), Message.Kind.AUTOMATED, "automated",
                text.strip(), now);
        touch(conversationId, now);
        return message;
    }

    // ---- reads

    @Transactional(readOnly = true)
    public Conversation get(long conversationId) {
        return find(conversationId).orElseThrow(() -> new CommandRefusedException.NotFound("Conversation",
                conversationId));
    }

    @Transactional(readOnly = true)
    public Optional<Conversation> find(long conversationId) {
        return jdbc.sql("select * from conversations where id = :id").param("id", conversationId)
                .query(Conversations::conversation).optional();
    }

    /** The conversation a MERGED one was merged into; empty for any other. */
    @Transactional(readOnly = true)
    public Optional<Long> mergedInto(long conversationId) {
        return jdbc.sql("select merged_into from conversations where id = :id and merged_into is not null")
                .param("id", conversationId).query(Long.class).optional();
    }

    /** The conversation that lives on for this one: itself, or the end of its chain of merges. */
    @Transactional(readOnly = true)
    public long followMerges(long conversationId) {
        long id = conversationId;
        for (int hops = 0; hops < 20; hops++) {
            var into = mergedInto(id);
            if (into.isEmpty()) {
                return id;
            }
            id = into.get();
        }
        return id;
    }

    /** The member's or contact's other conversations one could be merged into: neither merged nor closed. */
    @Transactional(readOnly = true)
    public List<Conversation> mergeCandidates(long conversationId) {
        var conversation = get(conversationId);
        return jdbc.sql("""
                select * from conversations
                 where id <> :id and status not in ('MERGED','CLOSED')
                   and case when cast(:member as bigint) is not null then member_id = cast(:member as bigint)
                            else member_id is null and (lower(contact_email) = lower(cast(:email as text))
                                                        or contact_phone = cast(:phone as text))
                       end
                 order by id desc limit 20
                """).param("id", conversationId).param("member", conversation.memberId())
                .param("email", conversation.contactEmail()).param("phone", conversation.contactPhone())
                .query(Conversations::conversation).list();
    }

    /** The thread, oldest first. */

    @Transactional(readOnly = true)
    public List<Message> messages(long conversationId) {
        return jdbc.sql("select * from conversation_messages where conversation_id = :id order by id")
                .param("id", conversationId).query(Conversations::message).list();
    }

    /** The queue, newest first, keyset paginated on the id; MINE means assigned to whoever asks. */
    @Transactional(readOnly = true)
    public KeysetPage<Conversation> queue(QueueView view, Conversation.Status status, String cursor, int limit) {
        var where = new ArrayList<String>();
        var params = new HashMap<String, Object>();
        var after = KeysetPage.decode(cursor);
        if (after != null) {
            where.add("id < :after");
            params.put("after", after);
        }
        switch (view == null ? QueueView.ALL : view) {
            case MINE -> {
                where.add("assignee = :me");
                params.put("me", actor());
            }
            case UNASSIGNED -> where.add("assignee is null");
            case ALL -> {
            }
        }
        if (status != null) {
            where.add("status = :status");
            params.put("status", status.name());
        }
        params.put("limit", limit + 1);
        var rows = jdbc.sql("select * from conversations" + (where.isEmpty() ? "" : " where " + String.join(" and ", where))
                + " order by id desc limit :limit").params(params).query(Conversations::conversation).list();
        return KeysetPage.of(rows, limit, Conversation::id);
    }

    /** A member's conversations, newest first. */
    @Transactional(readOnly = true)
    public List<Conversation> ofMember(long memberId, int limit) {
        return jdbc.sql("select * from conversations where member_id = :member order by id desc limit :limit")
                .param("member", memberId).param("limit", limit).query(Conversations::conversation).list();
    }

    /**
     * Locks a conversation for a change made by another part of the desk (tags, fields, its team, a loyalty action
     * linked to it), for the rest of the caller's transaction; a MERGED conversation is refused like any other
     * command on it (ADR 0020).
     */
    public Conversation lockForChange(long conversationId) {
        return lock(conversationId);
    }

    // ---- internals

    /** Locks a conversation a command may change: a MERGED one is terminal (ADR 0020). */
    private Conversation lock(long conversationId) {
        var conversation = lockAny(conversationId);
        if (conversation.status() == Conversation.Status.MERGED) {
            throw new CommandRefusedException.Conflict("conversation-merged", "Conversation #" + conversationId
                    + " was merged into #" + mergedInto(conversationId).orElse(0L) + "; work on that one");
        }
        return conversation;
    }

    private Conversation lockAny(long conversationId) {
        return jdbc.sql("select * from conversations where id = :id for update").param("id", conversationId)
                .query(Conversations::conversation).optional()
                .orElseThrow(() -> new CommandRefusedException.NotFound("Conversation", conversationId));
    }

    private Conversation setStatus(Conversation before, Conversation.Status status, Instant now) {
        jdbc.sql("""
                update conversations
                   set status = :status, updated_at = :now,
                       solved_at = case when :status in ('SOLVED','CLOSED') then coalesce(solved_at, :now) end
                 where id = :id
                """)
                .param("status", status.name()).param("now", Timestamp.from(now)).param("id", before.id()).update();
        system(before, actor() + " changed the status from " + before.status() + " to " + status, now);
        var after = get(before.id());
        audit.record("conversation.status-changed", "conversation", before.id(), before, after, null);
        events.publishEvent(new ConversationChanged(before, after));
        return after;
    }

    private void touch(long conversationId, Instant now) {
        jdbc.sql("update conversations set updated_at = :now where id = :id")
                .param("now", Timestamp.from(now)).param("id", conversationId).update();
    }

    private void system(Conversation conversation, String text, Instant now) {
        insertMessage(conversation.id(), conversation.memberId(), Message.Kind.SYSTEM, "system", text, now);
    }

    private Message insertMessage(long conversationId, Long memberId, Message.Kind kind, String author, String body,
            Instant now) {
        long id = jdbc.sql("""
                insert into conversation_messages (conversation_id, member_id, kind, author, body, created_at)
                values (:conversation, :member, :kind, :author, :body, :now)
                returning id
                """)
                .param("conversation", conversationId).param("member", memberId).param("kind", kind.name())
                .param("author", author).param("body", body).param("now", Timestamp.from(now))
                .query(Long.class).single();
        var message = new Message(id, conversationId, memberId, kind, author, body, now);
        events.publishEvent(new MessageAdded(get(conversationId), message));
        return message;
    }

    private static void checkBody(String field, String body, List<FieldProblem> problems) {
        if (body == null || body.isBlank()) {
            problems.add(new FieldProblem(field, "is required"));
        } else if (body.length() > BODY_MAX) {
            problems.add(new FieldProblem(field, "must have at most " + BODY_MAX + " characters"));
        }
    }

    private static void requireBody(String field, String body) {
        var problems = new ArrayList<FieldProblem>();
        checkBody(field, body, problems);
        if (!problems.isEmpty()) {
            throw new CommandRefusedException.InvalidInput(problems);
        }
    }

    private Instant now() {
        // PostgreSQL keeps microseconds; so do we, so that what we answer equals what we stored
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static String actor() {
        return Actor.current().name();
    }

    private static String strip(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    /** Maps a {@code conversations} row; for the support module's own screen queries. */
    public static Conversation conversation(ResultSet rs, int row) throws SQLException {
        long memberId = rs.getLong("member_id");
        Long member = rs.wasNull() ? null : memberId;
        return new Conversation(rs.getLong("id"), member,
                Conversation.Channel.valueOf(rs.getString("channel")), rs.getString("subject"),
                Conversation.Status.valueOf(rs.getString("status")),
                Conversation.Priority.valueOf(rs.getString("priority")), rs.getString("assignee"),
                rs.getString("contact_email"), rs.getString("contact_phone"), instant(rs, "first_response_at"),
                instant(rs, "solved_at"), instant(rs, "created_at"), instant(rs, "updated_at"), team(rs));
    }

    private static Long team(ResultSet rs) throws SQLException {
        long team = rs.getLong("team_id");
        return rs.wasNull() ? null : team;
    }

    private static Message message(ResultSet rs, int row) throws SQLException {
        long memberId = rs.getLong("member_id");
        Long member = rs.wasNull() ? null : memberId;
        return new Message(rs.getLong("id"), rs.getLong("conversation_id"), member,
                Message.Kind.valueOf(rs.getString("kind")), rs.getString("author"), rs.getString("body"),
                instant(rs, "created_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        var at = rs.getTimestamp(column);
        return at == null ? null : at.toInstant();
    }
}
