package dev.plumb.pubsub.kafka;

import dev.plumb.api.Subscription;
import dev.plumb.api.pubsub.spi.Acknowledgement;
import dev.plumb.api.pubsub.spi.MessageHandler;
import dev.plumb.api.pubsub.spi.PubSubMessage;
import dev.plumb.api.spi.Scheduler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscription of a {@link KafkaPubSubComponent}: one {@link KafkaConsumer} in the component's
 * consumer group, driven by one loop on the runtime's blocking executor (the consumer is not
 * thread-safe; acknowledgements from runtime threads only mark records done).
 *
 * <ul>
 *   <li><b>Flow control</b>: fetched records wait in a backlog and are handed over only while the
 *       runtime has fewer than {@code maxInFlight} unsettled ones; while the backlog is not empty
 *       the partitions are paused, so nothing more is fetched.
 *   <li><b>Concurrency and order</b>: records are processed concurrently; each carries the ordering
 *       key {@code p<partition>/<key>} (or {@code p<partition>} without a key), so the runtime
 *       keeps Kafka's order per key within a partition.
 *   <li><b>Commits</b>: per partition, the committed offset is that of the lowest record not yet
 *       acknowledged (or the next one once all are), committed asynchronously as it moves and
 *       synchronously when partitions are revoked or the subscription closes. Nothing unprocessed
 *       is ever committed; a crash redelivers from there.
 *   <li><b>Rebalances</b>: records of revoked partitions not yet started are withdrawn ({@link
 *       Acknowledgement#revoked()}); those being processed get until the revocation deadline to
 *       finish, then the partition's offset is committed and it is handed over. A lost partition is
 *       dropped without committing.
 *   <li><b>Negative acknowledgement</b>: the record keeps its place (holding the commit) and is
 *       handed over again after the delay, while its partition is still assigned here.
 * </ul>
 */
final class KafkaSubscription implements Subscription {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaSubscription.class);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration REVOKE_DEADLINE = Duration.ofSeconds(30);
  private static final long COMMIT_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final String name;
  private final String topic;
  private final int maxInFlight;
  private final MessageHandler handler;
  private final Scheduler scheduler;
  private final Executor executor;
  private final Consumer<KafkaSubscription> onClose;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Map<TopicPartition, PartitionState> partitions = new ConcurrentHashMap<>();
  private final ArrayDeque<ConsumerRecord<byte[], byte[]>> backlog = new ArrayDeque<>();
  private final AtomicInteger unsettled = new AtomicInteger();
  private final AtomicBoolean starved = new AtomicBoolean();
  private final CountDownLatch assigned = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean closing;
  private boolean paused;
  private long lastCommit;
  private int failures;

  KafkaSubscription(
      String name,
      Properties properties,
      String topic,
      int maxInFlight,
      MessageHandler handler,
      Scheduler scheduler,
      Executor executor,
      Consumer<KafkaSubscription> onClose) {
    this.name = name;
    this.topic = topic;
    this.maxInFlight = maxInFlight;
    this.handler = handler;
    this.scheduler = scheduler;
    this.executor = executor;
    this.onClose = onClose;
    Properties p = new Properties();
    p.putAll(properties);
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(Math.min(500, maxInFlight)));
    this.consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /**
   * Joins the group and waits for the first assignment, so that later publishes reach this
   * subscription (with {@code initialOffset: newest} the position is fixed then).
   *
   * @param timeout the longest wait
   * @throws IllegalStateException if no assignment came in time
   */
  void start(Duration timeout) {
    consumer.subscribe(List.of(topic), new Rebalance());
    executor.execute(this::loop);
    try {
      if (!assigned.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(
            "pub/sub '"
                + name
                + "': no partition of topic '"
                + topic
                + "' assigned within "
                + timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while joining the consumer group", e);
    }
  }

  private void loop() {
    try {
      while (!closing) {
        try {
          for (ConsumerRecord<byte[], byte[]> r :
              consumer.poll(backlog.isEmpty() ? POLL : Duration.ZERO)) {
            backlog.add(r);
          }
        } catch (WakeupException e) {
          // settled() or close() wants the loop to look again
        }
        handBacklog();
        commit(false);
        flowControl();
        failures = 0;
      }
    } catch (KafkaException e) {
      if (!closing) {
        LOG.warn(
            "pub/sub '{}': consuming topic '{}' failed, retrying: {}", name, topic, e.toString());
        resume(Duration.ofMillis(Math.min(5000, 100L << Math.min(failures++, 6))));
        return;
      }
    } catch (RuntimeException | Error e) {
      LOG.error(
          "pub/sub '{}': the consumer of topic '{}' stopped: {}", name, topic, e.toString(), e);
    }
    finish();
  }

  /** Runs the loop again (on another blocking thread: the consumer allows one at a time). */
  private void resume(Duration after) {
    scheduler.schedule(after, () -> executor.execute(this::loop));
  }

  private void finish() {
    try {
      commit(true);
    } catch (KafkaException e) {
      LOG.warn(
          "pub/sub '{}': the final commit on topic '{}' failed: {}", name, topic, e.toString());
    }
    try {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(10)));
    } catch (KafkaException e) {
      LOG.debug("closing the consumer failed: {}", e.toString());
    }
    stopped.countDown();
  }

  private void handBacklog() {
    while (!backlog.isEmpty() && unsettled.get() < maxInFlight && !closing) {
      ConsumerRecord<byte[], byte[]> r = backlog.poll();
      PartitionState state = partitions.get(new TopicPartition(r.topic(), r.partition()));
      if (state == null) {
        continue; // its partition was revoked after the fetch
      }
      Slot slot = state.track(r);
      if (slot != null) {
        deliver(slot);
      }
    }
  }

  private void deliver(Slot slot) {
    Lease lease = new Lease(slot);
    unsettled.incrementAndGet();
    handler.handle(slot.message, lease);
  }

  /** Pauses fetching while records wait for room, and wakes the loop once room is made. */
  private void flowControl() {
    boolean full = !backlog.isEmpty() || unsettled.get() >= maxInFlight;
    if (full && !paused) {
      consumer.pause(consumer.assignment());
      paused = true;
    } else if (!full && paused) {
      consumer.resume(consumer.assignment());
      paused = false;
    }
    starved.set(full);
    if (full && unsettled.get() < maxInFlight && starved.compareAndSet(true, false)) {
      consumer.wakeup();
    }
  }

  private void settled() {
    unsettled.decrementAndGet();
    if (starved.get() && starved.compareAndSet(true, false)) {
      consumer.wakeup();
    }
  }

  private void commit(boolean sync) {
    long now = System.nanoTime();
    if (!sync && now - lastCommit < COMMIT_EVERY_NANOS) {
      return;
    }
    lastCommit = now;
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (PartitionState s : partitions.values()) {
      long w = s.committable();
      if (w >= 0) {
        offsets.put(s.tp, new OffsetAndMetadata(w));
      }
    }
    commit(offsets, sync);
  }

  private void commit(Map<TopicPartition, OffsetAndMetadata> offsets, boolean sync) {
    if (offsets.isEmpty()) {
      return;
    }
    if (sync) {
      consumer.commitSync(offsets);
      offsets.forEach((tp, o) -> markCommitted(tp, o.offset()));
    } else {
      consumer.commitAsync(
          offsets,
          (done, e) -> {
            if (e == null) {
              done.forEach((tp, o) -> markCommitted(tp, o.offset()));
            } else {
              LOG.debug("pub/sub '{}': a commit on '{}' failed: {}", name, topic, e.toString());
            }
          });
    }
  }

  private void markCommitted(TopicPartition tp, long offset) {
    PartitionState s = partitions.get(tp);
    if (s != null) {
      s.committed(offset);
    }
  }

  @Override
  public void close() {
    if (closing) {
      return;
    }
    closing = true;
    onClose.accept(this);
    consumer.wakeup();
    try {
      if (!stopped.await(30, TimeUnit.SECONDS)) {
        LOG.warn("pub/sub '{}': the consumer of topic '{}' did not stop in 30s", name, topic);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "KafkaSubscription[" + name + ", " + topic + "]";
  }

  /** Reacts to the group's assignments; runs on the loop's thread, inside {@code poll}. */
  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> added) {
      for (TopicPartition tp : added) {
        partitions.put(tp, new PartitionState(tp));
        consumer.position(tp); // fixes a newest/oldest reset now
      }
      if (paused) {
        consumer.pause(added);
      }
      assigned.countDown();
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
      List<PartitionState> going = new ArrayList<>();
      for (TopicPartition tp : revoked) {
        PartitionState s = partitions.get(tp);
        if (s != null) {
          s.revoke();
          going.add(s);
        }
      }
      backlog.removeIf(r -> revoked.contains(new TopicPartition(r.topic(), r.partition())));
      long deadline = System.nanoTime() + REVOKE_DEADLINE.toNanos();
      for (PartitionState s : going) {
        if (!s.awaitIdle(deadline - System.nanoTime())) {
          LOG.warn(
              "pub/sub '{}': records of {} were still being processed when it was handed over;"
                  + " they will be delivered again",
              name,
              s.tp);
        }
      }
      Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
      for (PartitionState s : going) {
        long w = s.committable();
        if (w >= 0) {
          offsets.put(s.tp, new OffsetAndMetadata(w));
        }
      }
      try {
        commit(offsets, true);
      } catch (KafkaException e) {
        LOG.warn("pub/sub '{}': committing revoked partitions failed: {}", name, e.toString());
      }
      for (PartitionState s : going) {
        drop(s);
      }
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> lost) {
      for (TopicPartition tp : lost) {
        PartitionState s = partitions.get(tp);
        if (s != null) {
          s.revoke();
          drop(s);
        }
      }
      backlog.removeIf(r -> lost.contains(new TopicPartition(r.topic(), r.partition())));
    }

    private void drop(PartitionState s) {
      partitions.remove(s.tp, s);
      unsettled.addAndGet(-s.dropUnsettled());
    }
  }

  /** A fetched record's place in its partition. */
  private static final class Slot {
    final long offset;
    final PubSubMessage message;
    final PartitionState partition;
    boolean done;

    Slot(long offset, PubSubMessage message, PartitionState partition) {
      this.offset = offset;
      this.message = message;
      this.partition = partition;
    }
  }

  /** The records of one assigned partition, in offset order, until committed. */
  private final class PartitionState {
    final TopicPartition tp;
    private final ArrayDeque<Slot> slots = new ArrayDeque<>();
    private long next = -1;
    private long committed = -1;
    private int processing;
    private int open;
    private boolean revoked;

    PartitionState(TopicPartition tp) {
      this.tp = tp;
    }

    synchronized Slot track(ConsumerRecord<byte[], byte[]> r) {
      if (revoked) {
        return null;
      }
      Slot s = new Slot(r.offset(), message(r), this);
      slots.add(s);
      next = r.offset() + 1;
      open++;
      return s;
    }

    /** The offset to commit, or -1 if it has not moved since the last commit. */
    synchronized long committable() {
      while (!slots.isEmpty() && slots.peek().done) {
        slots.poll();
      }
      long w = slots.isEmpty() ? next : slots.peek().offset;
      return w > committed ? w : -1;
    }

    synchronized void committed(long offset) {
      committed = Math.max(committed, offset);
    }

    synchronized void revoke() {
      revoked = true;
    }

    synchronized boolean isRevoked() {
      return revoked;
    }

    /** A lease starts: false if the partition is revoked (the lease is then withdrawn). */
    synchronized boolean start() {
      if (revoked) {
        return false;
      }
      processing++;
      return true;
    }

    /** A lease ends; whether it still counts (the partition was not dropped). */
    synchronized boolean end(Slot s, boolean started, boolean done) {
      if (started) {
        processing--;
        notifyAll();
      }
      if (done) {
        s.done = true;
      }
      if (open < 0) {
        return false;
      }
      open--;
      return true;
    }

    synchronized boolean awaitIdle(long nanos) {
      long deadline = System.nanoTime() + nanos;
      while (processing > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(this, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }

    /** Forgets the partition's unsettled leases; returns how many there were. */
    synchronized int dropUnsettled() {
      int n = Math.max(open, 0);
      open = -1;
      return n;
    }

    private PubSubMessage message(ConsumerRecord<byte[], byte[]> r) {
      Map<String, String> md = new HashMap<>();
      String contentType = null;
      for (Header h : r.headers()) {
        String v = h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
        md.put(h.key(), v);
        if (h.key().equalsIgnoreCase("contentType")) {
          contentType = v;
        }
      }
      String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
      if (key != null) {
        md.put(KafkaPubSubComponent.KEY, key);
      }
      md.put("__topic", r.topic());
      md.put("__partition", Integer.toString(r.partition()));
      md.put("__offset", Long.toString(r.offset()));
      md.put("__timestamp", Long.toString(r.timestamp()));
      String ordering =
          r.key() == null
              ? "p" + r.partition()
              : "p" + r.partition() + "/" + new String(r.key(), StandardCharsets.ISO_8859_1);
      return new PubSubMessage(
          r.topic(), r.value() == null ? new byte[0] : r.value(), md, contentType, ordering);
    }
  }

  /** One delivery of a record. */
  private final class Lease implements Acknowledgement {
    private final Slot slot;
    private final AtomicInteger state = new AtomicInteger(); // 0 open, 1 started, 2 ended

    Lease(Slot slot) {
      this.slot = slot;
    }

    @Override
    public boolean revoked() {
      int s = state.get();
      if (s == 2) {
        return true;
      }
      if (s == 1) {
        if (slot.partition.isRevoked() && state.compareAndSet(1, 2)) {
          // A held retry whose partition left: withdraw it, never settle it.
          if (slot.partition.end(slot, true, false)) {
            settled();
          }
          return true;
        }
        return false;
      }
      if (slot.partition.start()) {
        state.compareAndSet(0, 1);
        return false;
      }
      if (state.compareAndSet(0, 2) && slot.partition.end(slot, false, false)) {
        settled();
      }
      return true;
    }

    @Override
    public void ack() {
      end(true);
    }

    @Override
    public void nack(Duration redeliveryDelay) {
      if (end(false)) {
        scheduler.schedule(
            redeliveryDelay,
            () -> {
              if (!closing && !slot.partition.isRevoked()) {
                synchronized (slot.partition) {
                  if (slot.partition.open < 0) {
                    return;
                  }
                  slot.partition.open++;
                }
                deliver(slot);
              }
            });
      }
    }

    private boolean end(boolean done) {
      int s = state.get();
      if (s == 2 || !state.compareAndSet(s, 2)) {
        return false;
      }
      if (slot.partition.end(slot, s == 1, done)) {
        settled();
        return true;
      }
      return false;
    }
  }
}
