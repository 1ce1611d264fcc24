package dev.plumb.bindings.kafka;

import dev.plumb.api.Subscription;
import dev.plumb.api.bindings.BindingEvent;
import dev.plumb.api.bindings.spi.ReadHandler;
import dev.plumb.api.spi.RequestMetadata;
import dev.plumb.api.spi.Scheduler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
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
 * The reader of a {@link KafkaBindingComponent}: one {@link KafkaConsumer} in the component's
 * consumer group on its topics, driven by one loop on the runtime's blocking executor (the consumer
 * is not thread-safe, so everything that touches it runs there).
 *
 * <ul>
 *   <li><b>Order</b>: records are handed to the handler one at a time, in order per partition, as
 *       Dapr's consumer does.
 *   <li><b>At least once</b>: a record's offset is committed only after its handler returned; the
 *       commits of a poll are made before the next poll, and synchronously when partitions are
 *       revoked or the reader closes. A crash redelivers from the last commit.
 *   <li><b>Redelivery</b>: a record whose handler threw keeps its place: the partition is sought
 *       back to it and paused, and resumed after {@code consumeRetryInterval}, doubling per failure
 *       up to 5 s (on the runtime's scheduler), so the same record is read again; other partitions
 *       go on.
 *   <li><b>Event metadata</b>: Dapr's {@code __key}, {@code __topic}, {@code __partition}, {@code
 *       __offset} and {@code __timestamp}, and every header as text; the {@code contentType} header
 *       is the event's content type.
 * </ul>
 */
final class KafkaBindingReader implements Subscription {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaBindingReader.class);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration MAX_RETRY = Duration.ofSeconds(5);

  private final String name;
  private final List<String> topics;
  private final Duration retry;
  private final ReadHandler handler;
  private final Scheduler scheduler;
  private final Executor executor;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
  private final Map<TopicPartition, Integer> failures = new HashMap<>();
  private final Queue<TopicPartition> due = new ConcurrentLinkedQueue<>();
  private final CountDownLatch assigned = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean closing;
  private int errors;

  KafkaBindingReader(
      String name,
      Properties properties,
      List<String> topics,
      Duration retry,
      ReadHandler handler,
      Scheduler scheduler,
      Executor executor) {
    this.name = name;
    this.topics = topics;
    this.retry = retry;
    this.handler = handler;
    this.scheduler = scheduler;
    this.executor = executor;
    Properties p = new Properties();
    p.putAll(properties);
    // Records are handled one by one on the loop: keep a poll's batch small, so the loop polls
    // (and heartbeats its membership) often.
    p.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "100");
    this.consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /**
   * Joins the group and waits for the first assignment, so that records sent after this returns are
   * read (with {@code initialOffset: newest} the position is fixed then).
   *
   * @param timeout the longest wait
   * @throws IllegalStateException if no assignment came in time
   */
  void start(Duration timeout) {
    consumer.subscribe(topics, new Rebalance());
    executor.execute(this::loop);
    try {
      if (!assigned.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(
            "input binding '" + name + "': no partition of " + topics + " assigned in " + timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while joining the consumer group", e);
    }
  }

  private void loop() {
    try {
      while (!closing) {
        ConsumerRecords<byte[], byte[]> records;
        try {
          records = consumer.poll(POLL);
        } catch (WakeupException e) {
          continue; // close() wants the loop to look again
        }
        resumeDue();
        for (TopicPartition tp : records.partitions()) {
          for (ConsumerRecord<byte[], byte[]> r : records.records(tp)) {
            if (closing || !handle(tp, r)) {
              break; // the rest of the partition's batch is read again after the seek
            }
          }
        }
        commit();
        errors = 0;
      }
    } catch (WakeupException e) {
      // close() interrupted a commit; finish() commits again.
    } catch (KafkaException e) {
      if (!closing) {
        LOG.warn(
            "input binding '{}': consuming {} failed, retrying: {}", name, topics, e.toString());
        Duration after = Duration.ofMillis(Math.min(5000, 100L << Math.min(errors++, 6)));
        scheduler.schedule(after, () -> executor.execute(this::loop));
        return;
      }
    } catch (RuntimeException | Error e) {
      LOG.error(
          "input binding '{}': the consumer of {} stopped: {}", name, topics, e.toString(), e);
    }
    finish();
  }

  /** Hands one record over; on failure seeks back to it and pauses its partition for a while. */
  private boolean handle(TopicPartition tp, ConsumerRecord<byte[], byte[]> r) {
    try {
      handler.handle(event(r));
    } catch (Exception e) {
      consumer.seek(tp, r.offset());
      consumer.pause(List.of(tp));
      int n = failures.merge(tp, 1, Integer::sum);
      Duration delay = retry.multipliedBy(1L << Math.min(n - 1, 16));
      if (delay.compareTo(MAX_RETRY) > 0) {
        delay = MAX_RETRY;
      }
      LOG.debug(
          "input binding '{}': the handler failed on {}@{}; reading it again in {}: {}",
          name,
          tp,
          r.offset(),
          delay,
          e.toString());
      scheduler.schedule(delay, () -> due.add(tp));
      return false;
    }
    failures.remove(tp);
    done.put(tp, new OffsetAndMetadata(r.offset() + 1));
    return true;
  }

  private static BindingEvent event(ConsumerRecord<byte[], byte[]> r) {
    Map<String, String> md = new HashMap<>();
    String contentType = null;
    for (Header h : r.headers()) {
      if (h.value() != null) {
        String v = new String(h.value(), StandardCharsets.UTF_8);
        md.put(h.key(), v);
        if (h.key().equals(RequestMetadata.CONTENT_TYPE)) {
          contentType = v;
        }
      }
    }
    if (r.key() != null) {
      md.put("__key", new String(r.key(), StandardCharsets.UTF_8));
    }
    md.put("__topic", r.topic());
    md.put("__partition", Integer.toString(r.partition()));
    md.put("__offset", Long.toString(r.offset()));
    md.put("__timestamp", Long.toString(r.timestamp()));
    return new BindingEvent(r.value() == null ? new byte[0] : r.value(), md, contentType);
  }

  /** Resumes the partitions whose redelivery delay has passed and are still assigned here. */
  private void resumeDue() {
    for (TopicPartition tp = due.poll(); tp != null; tp = due.poll()) {
      if (consumer.assignment().contains(tp)) {
        consumer.resume(List.of(tp));
      }
    }
  }

  private void commit() {
    if (!done.isEmpty()) {
      consumer.commitSync(Map.copyOf(done));
      done.clear();
    }
  }

  private void finish() {
    try {
      commit();
    } catch (KafkaException e) {
      LOG.warn("input binding '{}': the final commit on {} failed: {}", name, topics, e.toString());
    }
    try {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(10)));
    } catch (KafkaException e) {
      LOG.debug("input binding '{}': closing the consumer failed: {}", name, e.toString());
    }
    stopped.countDown();
  }

  @Override
  public void close() {
    if (closing) {
      return;
    }
    closing = true;
    consumer.wakeup();
    try {
      if (!stopped.await(30, TimeUnit.SECONDS)) {
        LOG.warn("input binding '{}': the consumer of {} did not stop in 30s", name, topics);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "KafkaBindingReader[" + name + ", " + topics + "]";
  }

  /** Reacts to the group's assignments; runs on the loop's thread, inside {@code poll}. */
  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> added) {
      for (TopicPartition tp : added) {
        consumer.position(tp); // fixes a newest/oldest reset now
      }
      assigned.countDown();
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
      // Records are handled on this thread, so none is in flight: commit what was handled and
      // hand the partitions over.
      Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
      for (TopicPartition tp : revoked) {
        OffsetAndMetadata o = done.remove(tp);
        if (o != null) {
          offsets.put(tp, o);
        }
        failures.remove(tp);
      }
      if (!offsets.isEmpty()) {
        try {
          consumer.commitSync(offsets);
        } catch (KafkaException e) {
          LOG.warn(
              "input binding '{}': committing revoked partitions failed: {}", name, e.toString());
        }
      }
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> lost) {
      for (TopicPartition tp : lost) {
        done.remove(tp);
        failures.remove(tp);
      }
    }
  }
}
