package dev.plumb.pubsub.redis;

import dev.plumb.api.Subscription;
import dev.plumb.api.pubsub.spi.Acknowledgement;
import dev.plumb.api.pubsub.spi.MessageHandler;
import dev.plumb.api.pubsub.spi.PubSubMessage;
import dev.plumb.api.spi.Scheduler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.XAutoClaimParams;
import redis.clients.jedis.params.XClaimParams;
import redis.clients.jedis.params.XPendingParams;
import redis.clients.jedis.params.XReadGroupParams;

/**
 * One subscription of a {@link RedisPubSubComponent} to one stream.
 *
 * <ul>
 *   <li><b>Reading</b>: {@code XREADGROUP ... COUNT n BLOCK t STREAMS <topic> >} with {@code n} at
 *       most {@code queueDepth} and never more than the runtime's free {@code maxInFlight}, so an
 *       entry is read only when it can be processed (no buffered entries ageing in the pending
 *       list, contrib#4599). Each read is a task on the blocking executor; a failed read retries
 *       after a growing pause on the scheduler, and a lost consumer group is created again.
 *   <li><b>Acknowledging</b>: {@code XACK} of what the runtime acknowledged, batched by a task that
 *       runs while acknowledgements are waiting; a failed {@code XACK} is retried.
 *   <li><b>Leases</b>: every third of {@code processingTimeout} the subscription claims its own
 *       unsettled entries again ({@code XCLAIM ... JUSTID}), which resets their idle time, so a
 *       slow handler never has its entry reclaimed by another consumer (dapr#3481).
 *   <li><b>Reclaiming</b>: every {@code redeliverInterval}, {@code XAUTOCLAIM} takes the entries of
 *       any consumer of the group idle for {@code processingTimeout} or more: those of a crashed
 *       replica, or given back by a closed one.
 *   <li><b>Negative acknowledgement</b>: the entry stays pending here (its lease kept) and is
 *       handed over again after the delay.
 *   <li><b>Close</b>: stops reading, flushes acknowledgements, and gives back every unsettled entry
 *       by marking it idle for {@code processingTimeout} ({@code XCLAIM ... IDLE}), so the next
 *       reclaim of any member takes it at once.
 * </ul>
 */
final class StreamSubscription implements Subscription {
  private static final Logger LOG = LoggerFactory.getLogger(StreamSubscription.class);
  private static final byte[] NEW_ENTRIES = {'>'};
  private static final byte[] START = "0-0".getBytes(StandardCharsets.UTF_8);
  private static final int ACK_BATCH = 1000;

  private final RedisPubSubComponent owner;
  private final String topic;
  private final byte[] key;
  private final byte[] group;
  private final byte[] consumer;
  private final String consumerName;
  private final int maxInFlight;
  private final MessageHandler handler;
  private final Consumer<StreamSubscription> onClose;
  private final Map<String, Lease> owned = new ConcurrentHashMap<>();
  private final AtomicInteger unsettled = new AtomicInteger();
  private final ConcurrentLinkedQueue<String> toAck = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean flushing = new AtomicBoolean();
  private final AtomicBoolean starved = new AtomicBoolean();
  private final List<Scheduler.Task> timers = new ArrayList<>();
  private volatile boolean closed;
  private int readFailures;

  StreamSubscription(
      RedisPubSubComponent owner,
      String topic,
      String consumer,
      int maxInFlight,
      MessageHandler handler,
      Consumer<StreamSubscription> onClose) {
    this.owner = owner;
    this.topic = topic;
    this.key = topic.getBytes(StandardCharsets.UTF_8);
    this.group = owner.settings().consumerId().getBytes(StandardCharsets.UTF_8);
    this.consumerName = consumer;
    this.consumer = consumer.getBytes(StandardCharsets.UTF_8);
    this.maxInFlight = maxInFlight;
    this.handler = handler;
    this.onClose = onClose;
  }

  private UnifiedJedis client() {
    return owner.client();
  }

  /** Creates the group and starts reading, and reclaiming and lease renewal where enabled. */
  void start() {
    createGroup();
    RedisPubSubProvider.StreamSettings s = owner.settings();
    if (s.reclaims()) {
      Scheduler sched = owner.scheduler();
      timers.add(sched.every(s.redeliverInterval(), () -> run(this::reclaim)));
      timers.add(sched.every(s.processingTimeout().dividedBy(3), () -> run(this::renewLeases)));
      run(this::reclaim);
    }
    run(this::read);
  }

  private void createGroup() {
    try {
      client().xgroupCreate(key, group, START, true);
    } catch (JedisDataException e) {
      if (e.getMessage() == null || !e.getMessage().startsWith("BUSYGROUP")) {
        throw e;
      }
    }
  }

  private void run(Runnable task) {
    if (closed) {
      return;
    }
    try {
      owner.executor().execute(task);
    } catch (RejectedExecutionException e) {
      // The runtime is shutting down; close() follows.
    }
  }

  private int credits() {
    return maxInFlight - unsettled.get();
  }

  // ---- reading ----

  @SuppressWarnings("unchecked") // one stream: the varargs array holds one Map.Entry
  private void read() {
    if (closed) {
      return;
    }
    int credits = credits();
    if (credits <= 0) {
      starved.set(true);
      if (credits() > 0 && starved.compareAndSet(true, false)) {
        run(this::read);
      }
      return;
    }
    List<Object> reply;
    try {
      reply =
          client()
              .xreadGroup(
                  group,
                  consumer,
                  XReadGroupParams.xReadGroupParams()
                      .count(Math.min(credits, owner.settings().queueDepth()))
                      .block((int) owner.blockTime().toMillis()),
                  Map.entry(key, NEW_ENTRIES));
    } catch (JedisException e) {
      if (closed) {
        return;
      }
      readFailed(e);
      return;
    }
    readFailures = 0;
    if (reply != null) {
      for (Object stream : reply) {
        List<?> s = (List<?>) stream;
        hand((List<?>) s.get(1));
      }
    }
    run(this::read);
  }

  private void readFailed(JedisException e) {
    String message = String.valueOf(e.getMessage());
    if (message.startsWith("NOGROUP")) {
      LOG.warn(
          "pub/sub '{}': consumer group '{}' of stream '{}' is gone (data loss on the server?);"
              + " creating it again",
          owner.name(),
          owner.settings().consumerId(),
          topic);
      try {
        createGroup();
      } catch (JedisException again) {
        LOG.debug("creating the group failed: {}", again.toString());
      }
    } else if (readFailures == 0) {
      LOG.warn(
          "pub/sub '{}': reading stream '{}' failed, retrying: {}", owner.name(), topic, message);
    }
    long pause = Math.min(2000, 50L << Math.min(readFailures++, 6));
    owner.scheduler().schedule(Duration.ofMillis(pause), () -> run(this::read));
  }

  /** Hands entries ({@code [id, [field, value, ...]]}) to the runtime. */
  private void hand(List<?> entries) {
    List<String> late = new ArrayList<>();
    for (Object e : entries) {
      if (e == null) {
        continue;
      }
      List<?> entry = (List<?>) e;
      String id = new String((byte[]) entry.get(0), StandardCharsets.UTF_8);
      if (closed) {
        late.add(id);
        continue;
      }
      byte[] data = new byte[0];
      byte[] metadata = null;
      List<?> fields = entry.get(1) == null ? List.of() : (List<?>) entry.get(1);
      for (int i = 0; i + 1 < fields.size(); i += 2) {
        String field = new String((byte[]) fields.get(i), StandardCharsets.UTF_8);
        if (field.equals("data")) {
          data = (byte[]) fields.get(i + 1);
        } else if (field.equals("metadata")) {
          metadata = (byte[]) fields.get(i + 1);
        }
      }
      PubSubMessage m =
          new PubSubMessage(topic, data, RedisPubSubComponent.metadata(metadata), null, null);
      deliver(new Lease(id, m));
    }
    if (!late.isEmpty()) {
      giveBack(late);
    }
  }

  private void deliver(Lease lease) {
    owned.put(lease.id, lease);
    unsettled.incrementAndGet();
    handler.handle(lease.message, lease);
  }

  private void settled() {
    unsettled.decrementAndGet();
    if (starved.get() && credits() > 0 && starved.compareAndSet(true, false)) {
      run(this::read);
    }
  }

  // ---- acknowledging ----

  private void flush() {
    if (!flushing.compareAndSet(false, true)) {
      return;
    }
    try {
      while (!toAck.isEmpty()) {
        List<byte[]> batch = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        String id;
        while (batch.size() < ACK_BATCH && (id = toAck.poll()) != null) {
          ids.add(id);
          batch.add(id.getBytes(StandardCharsets.UTF_8));
        }
        try {
          client().xack(key, group, batch.toArray(new byte[0][]));
        } catch (JedisException e) {
          toAck.addAll(ids);
          LOG.warn(
              "pub/sub '{}': XACK on '{}' failed, retrying: {}", owner.name(), topic, e.toString());
          if (!closed) {
            owner.scheduler().schedule(Duration.ofMillis(500), () -> run(this::flush));
          }
          return;
        }
      }
    } finally {
      flushing.set(false);
    }
    if (!toAck.isEmpty()) {
      run(this::flush);
    }
  }

  // ---- leases and reclaiming ----

  private void renewLeases() {
    if (closed || owned.isEmpty()) {
      return;
    }
    try {
      List<Object> pending =
          client()
              .xpending(
                  key,
                  group,
                  XPendingParams.xPendingParams(
                          "-".getBytes(StandardCharsets.UTF_8),
                          "+".getBytes(StandardCharsets.UTF_8),
                          Math.max(owned.size(), 1) * 2)
                      .consumer(consumer));
      List<byte[]> mine = new ArrayList<>();
      for (Object p : pending) {
        String id = new String((byte[]) ((List<?>) p).get(0), StandardCharsets.UTF_8);
        if (owned.containsKey(id)) {
          mine.add(id.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!mine.isEmpty()) {
        client()
            .xclaimJustId(
                key, group, consumer, 0, XClaimParams.xClaimParams(), mine.toArray(new byte[0][]));
      }
    } catch (JedisException e) {
      LOG.debug(
          "pub/sub '{}': renewing leases on '{}' failed: {}", owner.name(), topic, e.toString());
    }
  }

  private void reclaim() {
    byte[] cursor = START;
    long minIdle = owner.settings().processingTimeout().toMillis();
    try {
      while (!closed) {
        int credits = Math.min(credits(), owner.settings().queueDepth());
        if (credits <= 0) {
          return;
        }
        List<Object> reply =
            client()
                .xautoclaim(
                    key,
                    group,
                    consumer,
                    minIdle,
                    cursor,
                    XAutoClaimParams.xAutoClaimParams().count(credits));
        cursor = (byte[]) reply.get(0);
        hand((List<?>) reply.get(1));
        if (reply.size() > 2 && reply.get(2) instanceof List<?> deleted && !deleted.isEmpty()) {
          // Entries trimmed from the stream while pending: nothing to deliver, clear them.
          List<byte[]> ids = new ArrayList<>();
          for (Object d : deleted) {
            ids.add((byte[]) d);
          }
          client().xack(key, group, ids.toArray(new byte[0][]));
        }
        if (new String(cursor, StandardCharsets.UTF_8).equals("0-0")) {
          return;
        }
      }
    } catch (JedisException e) {
      LOG.debug("pub/sub '{}': reclaiming on '{}' failed: {}", owner.name(), topic, e.toString());
    }
  }

  /** Marks entries idle for {@code processingTimeout}, so any member's next reclaim takes them. */
  private void giveBack(List<String> ids) {
    if (ids.isEmpty() || !owner.settings().reclaims()) {
      return;
    }
    byte[][] raw = new byte[ids.size()][];
    for (int i = 0; i < raw.length; i++) {
      raw[i] = ids.get(i).getBytes(StandardCharsets.UTF_8);
    }
    try {
      client()
          .xclaimJustId(
              key,
              group,
              consumer,
              0,
              XClaimParams.xClaimParams().idle(owner.settings().processingTimeout().toMillis()),
              raw);
    } catch (JedisException e) {
      LOG.debug(
          "pub/sub '{}': giving entries back on '{}' failed: {}",
          owner.name(),
          topic,
          e.toString());
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    timers.forEach(Scheduler.Task::cancel);
    onClose.accept(this);
    while (flushing.get()) {
      Thread.onSpinWait();
    }
    flush();
    List<String> back = new ArrayList<>();
    Set<String> acked = new HashSet<>(toAck);
    for (Lease l : owned.values()) {
      if (l.giveBack() && !acked.contains(l.id)) {
        back.add(l.id);
      }
    }
    owned.clear();
    giveBack(back);
  }

  @Override
  public String toString() {
    return "StreamSubscription[" + topic + ", consumer=" + consumerName + "]";
  }

  /** The hold of one delivery of an entry. */
  private final class Lease implements Acknowledgement {
    final String id;
    final PubSubMessage message;
    private final AtomicInteger state = new AtomicInteger(); // 0 open, 1 settled, 2 given back

    Lease(String id, PubSubMessage message) {
      this.id = id;
      this.message = message;
    }

    @Override
    public void ack() {
      if (state.compareAndSet(0, 1)) {
        owned.remove(id, this);
        toAck.add(id);
        run(StreamSubscription.this::flush);
        settled();
      }
    }

    @Override
    public void nack(Duration redeliveryDelay) {
      if (state.compareAndSet(0, 1)) {
        settled();
        owner
            .scheduler()
            .schedule(
                redeliveryDelay,
                () -> {
                  if (!closed && owned.get(id) == this) {
                    deliver(new Lease(id, message));
                  }
                });
      }
    }

    @Override
    public boolean revoked() {
      return state.get() == 2;
    }

    boolean giveBack() {
      return state.compareAndSet(0, 2) || state.get() == 1 && owned.get(id) == this;
    }
  }
}
