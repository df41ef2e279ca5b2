package io.loyaltydesk.support.internal;

import io.loyaltydesk.support.MemberChat;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

/**
 * This node's Server-Sent Event streams, and the PostgreSQL LISTEN that feeds them: every node listens on the
 * shared channel and pushes each notification to the streams it holds, so an agent on node A sees a message
 * posted on node B. Agents get the desk events (new conversations, changes, new lines) that touch the queue their
 * desk shows ({@link DeskScope}) or the conversation they have open (told through {@link #focus}), each marked
 * with whether it touches the queue, and member typing and read marks; a member or a chat visitor gets only their own chat's messages (no notes, no system lines), the agent's
 * typing and read marks, and how many agents are online.
 *
 * <p>Streams carry the message id as the event id, so a browser that reconnects sends {@code Last-Event-ID} and
 * gets what it missed. Each stream gets a comment line every heartbeat; a stream that cannot be written to is
 * dropped. Each agent, member or visitor may hold a limited number of streams per node; a new one beyond the limit
 * closes their oldest (usually a tab left open elsewhere).
 */
@Component
class LiveHub implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LiveHub.class);
    private static final long RECONNECT_MILLIS = 3_000;

    enum Audience { AGENT, MEMBER, VISITOR }

    /** One open stream: whose it is and the lane its writes go through. */
    static final class Stream {
        final Audience audience;
        final String id;
        final SseEmitter emitter;
        final SerialLane lane;
        final Instant openedAt;
        /** Names the stream to its own desk page, for {@link LiveHub#focus}; random, so no page can guess another's. */
        final String key = UUID.randomUUID().toString();
        volatile DeskScope scope = DeskScope.ALL;
        volatile long watching;
        volatile boolean closed;

        Stream(Audience audience, String id, SseEmitter emitter, SerialLane lane, Instant openedAt) {
            this.audience = audience;
            this.id = id;
            this.emitter = emitter;
            this.lane = lane;
            this.openedAt = openedAt;
        }
    }

    private final DataSource dataSource;
    private final JsonMapper json;
    private final LiveProperties properties;
    private final ChatStore chats;
    private final Clock clock;
    private final String node = UUID.randomUUID().toString();
    private final List<Stream> streams = new CopyOnWriteArrayList<>();
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicLong notificationsReceived = new AtomicLong();
    private volatile ScheduledExecutorService heartbeats;
    private volatile Thread listener;
    private volatile boolean running;
    private volatile boolean listening;

    LiveHub(DataSource dataSource, JsonMapper json, LiveProperties properties, ChatStore chats, Clock clock) {
        this.dataSource = dataSource;
        this.json = json;
        this.properties = properties;
        this.chats = chats;
        this.clock = clock;
    }

    // ---- streams

    SseEmitter openAgent(String username, long lastEventId) {
        return openAgent(username, lastEventId, DeskScope.ALL, 0);
    }

    /**
     * An agent's desk stream for the queue {@code scope} shows, with {@code watching} (0: none) open beside it. The
     * first event ({@code hello}) carries the stream's key, which the page gives to {@link #focus} when it opens
     * another conversation.
     */
    SseEmitter openAgent(String username, long lastEventId, DeskScope scope, long watching) {
        var stream = open(Audience.AGENT, username);
        stream.scope = scope;
        stream.watching = watching;
        send(stream, "hello", null, Map.of("stream", stream.key));
        if (lastEventId > 0) {
            // the desk reloads its queue and thread: simpler and more exact than replaying every kind of event
            send(stream, "resync", null, Map.of("reason", "reconnected"));
        }
        writePresence();
        return stream.emitter;
    }

    SseEmitter openMember(long memberId, Long conversationId, long lastEventId) {
        var stream = open(Audience.MEMBER, Long.toString(memberId));
        hello(stream, conversationId, lastEventId);
        return stream.emitter;
    }

    SseEmitter openVisitor(long conversationId, long lastEventId) {
        var stream = open(Audience.VISITOR, Long.toString(conversationId));
        hello(stream, conversationId, lastEventId);
        return stream.emitter;
    }

    /** Agents online across all nodes: agents with an open desk stream seen within the presence time to live. */
    int agentsOnline() {
        return chats.agentsOnline(properties.presenceTtl());
    }

    boolean listening() {
        return listening;
    }

    long notificationsReceived() {
        return notificationsReceived.get();
    }

    /** The conversation an agent's desk has open now; false when the agent has no such stream on this node. */
    boolean focus(String username, String key, long conversationId) {
        for (var stream : streams) {
            if (stream.audience == Audience.AGENT && stream.id.equals(username) && stream.key.equals(key)) {
                stream.watching = conversationId;
                return true;
            }
        }
        return false;
    }

    int streams(Audience audience, String id) {
        return (int) streams.stream().filter(s -> s.audience == audience && s.id.equals(id)).count();
    }

    private Stream open(Audience audience, String id) {
        var emitter = new SseEmitter(properties.streamTimeout().toMillis());
        var stream = new Stream(audience, id, emitter, new SerialLane(senders), clock.instant());
        var mine = streams.stream().filter(s -> s.audience == audience && s.id.equals(id)).toList();
        for (int i = 0; i <= mine.size() - properties.connectionsPerUserMax(); i++) {
            close(mine.get(i));
        }
        Runnable gone = () -> drop(stream);
        emitter.onCompletion(gone);
        emitter.onTimeout(gone);
        emitter.onError(e -> drop(stream));
        streams.add(stream);
        stream.lane.execute(() -> {
            try {
                emitter.send(SseEmitter.event().reconnectTime(RECONNECT_MILLIS).comment("connected"));
            } catch (IOException | IllegalStateException e) {
                drop(stream);
            }
        });
        return stream;
    }

    private void hello(Stream stream, Long conversationId, long lastEventId) {
        send(stream, "status", null, Map.of("agentsOnline", agentsOnline()));
        if (conversationId != null && lastEventId > 0) {
            for (var message : chats.visibleAfter(conversationId, lastEventId)) {
                send(stream, "message", message.id(), MemberChat.line(message));
            }
        }
    }

    private void close(Stream stream) {
        drop(stream);
        stream.lane.execute(() -> {
            try {
                stream.emitter.complete();
            } catch (RuntimeException e) {
                // already gone
            }
        });
    }

    private void drop(Stream stream) {
        if (!stream.closed) {
            stream.closed = true;
            streams.remove(stream);
            if (stream.audience == Audience.AGENT && running) {
                senders.execute(this::writePresence);
            }
        }
    }

    private void send(Stream stream, String name, Long id, Object data) {
        String payload = json.writeValueAsString(data);
        stream.lane.execute(() -> {
            if (stream.closed) {
                return;
            }
            try {
                var event = SseEmitter.event().name(name).data(payload);
                if (id != null) {
                    event.id(Long.toString(id));
                }
                stream.emitter.send(event);
            } catch (IOException | IllegalStateException e) {
                drop(stream);
            }
        });
    }

    private void sendTo(Predicate<Stream> who, String name, Long id, Object data) {
        for (var stream : streams) {
            if (who.test(stream)) {
                send(stream, name, id, data);
            }
        }
    }

    // ---- what a notification means for the streams here

    void dispatch(LiveEvent event) {
        Predicate<Stream> agents = s -> s.audience == Audience.AGENT;
        Predicate<Stream> chat = s -> (s.audience == Audience.VISITOR
                && s.id.equals(Long.toString(event.conversationId())))
                || (s.audience == Audience.MEMBER && event.memberId() != null
                        && s.id.equals(Long.toString(event.memberId())));
        switch (event.type()) {
            case OPENED, CHANGED -> toDesks(event, "conversation", null, Map.of("conversationId",
                    event.conversationId(), "change", event.type().name()));
            case MESSAGE -> {
                toDesks(event, "message", event.messageId(), Map.of("conversationId", event.conversationId(),
                        "messageId", event.messageId(), "kind", event.kind()));
                boolean visible = ChatStore.VISIBLE_KINDS.contains(event.kind());
                if (visible && streams.stream().anyMatch(chat) && chats.isChat(event.conversationId())) {
                    chats.message(event.messageId()).ifPresent(message ->
                            sendTo(chat, "message", message.id(), MemberChat.line(message)));
                }
            }
            case TYPING -> {
                if (LiveEvent.MEMBER.equals(event.side())) {
                    sendTo(agents, "typing", null, Map.of("conversationId", event.conversationId(),
                            "name", Objects.requireNonNullElse(event.name(), "")));
                } else {
                    sendTo(chat, "typing", null, Map.of("conversationId", event.conversationId(),
                            "name", Objects.requireNonNullElse(event.name(), "")));
                }
            }
            case READ -> sendTo(LiveEvent.MEMBER.equals(event.side()) ? agents : chat, "read", null,
                    Map.of("conversationId", event.conversationId(), "messageId", event.messageId()));
        }
    }

    /**
     * A desk event to the agents whose queue it touches or who have its conversation open, with {@code queue}
     * saying which: the page refreshes its queue only when it is true.
     */
    private void toDesks(LiveEvent event, String name, Long id, Map<String, Object> data) {
        Map<String, Object> forQueue = null;
        Map<String, Object> forThread = null;
        for (var stream : streams) {
            if (stream.audience != Audience.AGENT) {
                continue;
            }
            if (stream.scope.shows(event)) {
                if (forQueue == null) {
                    forQueue = new TreeMap<>(data);
                    forQueue.put("queue", true);
                }
                send(stream, name, id, forQueue);
            } else if (stream.watching == event.conversationId()) {
                if (forThread == null) {
                    forThread = new TreeMap<>(data);
                    forThread.put("queue", false);
                }
                send(stream, name, id, forThread);
            }
        }
    }

    // ---- heartbeat and presence

    private void heartbeat() {
        try {
            int online = -1;
            for (var stream : streams) {
                if (stream.audience != Audience.AGENT) {
                    if (online < 0) {
                        online = agentsOnline();
                    }
                    send(stream, "status", null, Map.of("agentsOnline", online));
                } else {
                    stream.lane.execute(() -> {
                        try {
                            stream.emitter.send(SseEmitter.event().comment("heartbeat"));
                        } catch (IOException | IllegalStateException e) {
                            drop(stream);
                        }
                    });
                }
            }
            writePresence();
        } catch (RuntimeException e) {
            log.warn("Live heartbeat failed: {}", e.toString());
        }
    }

    private synchronized void writePresence() {
        if (!running) {
            return;
        }
        var agents = new HashMap<String, Integer>();
        for (var stream : streams) {
            if (stream.audience == Audience.AGENT) {
                agents.merge(stream.id, 1, Integer::sum);
            }
        }
        try {
            chats.writePresence(node, agents);
        } catch (RuntimeException e) {
            log.warn("Could not record which agents are online: {}", e.toString());
        }
    }

    // ---- LISTEN

    private void listen() {
        while (running) {
            try (var connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                try (var statement = connection.createStatement()) {
                    statement.execute("LISTEN " + properties.channel());
                }
                var pg = connection.unwrap(PGConnection.class);
                if (!listening) {
                    listening = true;
                    // anything sent while we were not listening is lost to us: let the pages catch up
                    sendTo(s -> s.audience == Audience.AGENT, "resync", null, Map.of("reason", "listening"));
                }
                while (running) {
                    var notifications = pg.getNotifications(500);
                    if (notifications == null) {
                        continue;
                    }
                    for (var notification : notifications) {
                        notificationsReceived.incrementAndGet();
                        try {
                            dispatch(json.readValue(notification.getParameter(), LiveEvent.class));
                        } catch (RuntimeException e) {
                            log.warn("Could not push a live update: {}", e.toString());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (running) {
                    log.warn("Live updates lost their database connection, listening again in 1 s: {}", e.toString());
                    sleep(1_000);
                }
            }
        }
        listening = false;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- lifecycle

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        listener = Thread.ofPlatform().daemon().name("support-live-listen").start(this::listen);
        heartbeats = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("support-live-heartbeat").factory());
        long period = properties.heartbeat().toMillis();
        heartbeats.scheduleAtFixedRate(this::heartbeat, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        heartbeats.shutdownNow();
        for (var stream : new ArrayList<>(streams)) {
            close(stream);
        }
        try {
            listener.join(2_000);
            chats.clearPresence(node);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.debug("Presence not cleared on stop: {}", e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // stop before the web server's graceful shutdown waits for open requests: streams never end by themselves
        return Integer.MAX_VALUE - 1;
    }
}
