package dev.plumb.runtime.internal.pubsub;

import dev.plumb.api.ComponentNotFoundException;
import dev.plumb.api.pubsub.CloudEvent;
import dev.plumb.api.pubsub.DeliveryResult;
import dev.plumb.api.pubsub.PubSub;
import dev.plumb.api.pubsub.TopicEvent;
import dev.plumb.api.spi.ComponentMetadata;
import dev.plumb.api.spi.DaprValues;
import dev.plumb.api.spi.Scheduler;
import dev.plumb.api.state.StateItem;
import dev.plumb.api.state.StateOperation;
import dev.plumb.api.state.StateStore;
import dev.plumb.runtime.internal.RuntimeContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dapr's transactional outbox for one state store (SEMANTICS.md §12.3; dapr {@code
 * pkg/runtime/pubsub/outbox.go}), configured by the store's metadata {@code outboxPublishPubsub},
 * {@code outboxPublishTopic}, {@code outboxPubsub} (default: the publish pub/sub) and {@code
 * outboxDiscardWhenMissingState}.
 *
 * <p>A transaction publishes, for each upsert, a CloudEvent (id {@code outbox-<uuid>}) to the
 * internal topic {@code <namespace><appId><topic>outbox} before it commits, and writes a marker
 * under that id in the same transaction. The internal subscription (any replica of the app) looks
 * for the marker, at once and then after 1 s with Dapr's backoff up to 10 s: found, it publishes
 * the event to the user's topic and deletes the marker; not found, the message is retried later, or
 * discarded if {@code outboxDiscardWhenMissingState} is true. So the event reaches the topic if and
 * only if the transaction committed, even when the committing process dies right after the commit.
 * A transaction this process saw fail outright has its internal messages discarded at once.
 *
 * <p>An upsert with metadata {@code outbox.projection: true} is not saved: its value is published
 * in place of the value saved under the same key. Operation metadata other than {@code data} and
 * {@code id} becomes extension attributes of the event. Thread-safe.
 */
public final class Outbox {
  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
  private static final String PREFIX = "outbox-";
  private static final String PROJECTION = "outbox.projection";
  private static final Duration FIRST_WAIT = Duration.ofSeconds(1);
  private static final Duration GIVE_UP = Duration.ofSeconds(10);
  private static final int INTERNAL_CONCURRENCY = 100;
  private static final int REMEMBERED_FAILURES = 10_000;
  private static final byte[] MARKER = {'0'};

  private final RuntimeContext runtime;
  private final String storeName;
  private final String publishPubsub;
  private final String publishTopic;
  private final String outboxPubsub;
  private final boolean discardWhenMissing;
  private final String internalTopic;
  private final Set<String> failed =
      Collections.synchronizedSet(
          Collections.newSetFromMap(
              new LinkedHashMap<>() {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                  return size() > REMEMBERED_FAILURES;
                }
              }));
  private StateStore store;

  private Outbox(
      RuntimeContext runtime,
      String storeName,
      String publishPubsub,
      String publishTopic,
      String outboxPubsub,
      boolean discardWhenMissing) {
    this.runtime = runtime;
    this.storeName = storeName;
    this.publishPubsub = publishPubsub;
    this.publishTopic = publishTopic;
    this.outboxPubsub = outboxPubsub;
    this.discardWhenMissing = discardWhenMissing;
    this.internalTopic = runtime.namespace() + runtime.appId() + publishTopic + "outbox";
  }

  /**
   * Reads a state store's outbox metadata.
   *
   * @param runtime the runtime's services
   * @param storeName the store's name
   * @param md the store's metadata; problems are recorded there
   * @return the outbox, or {@code null} if the store has none
   */
  public static Outbox fromMetadata(
      RuntimeContext runtime, String storeName, ComponentMetadata md) {
    String pubsub = md.getString("outboxPublishPubsub", "");
    String topic = md.getString("outboxPublishTopic", "");
    String internal = md.getString("outboxPubsub", "");
    boolean discard = md.getBoolean("outboxDiscardWhenMissingState", false);
    if (pubsub.isEmpty() && topic.isEmpty()) {
      if (!internal.isEmpty()) {
        md.addProblem("metadata 'outboxPubsub' needs outboxPublishPubsub and outboxPublishTopic");
      }
      return null;
    }
    if (pubsub.isEmpty() || topic.isEmpty()) {
      md.addProblem(
          "metadata 'outboxPublishPubsub' and 'outboxPublishTopic' must be given together");
      return null;
    }
    return new Outbox(
        runtime, storeName, pubsub, topic, internal.isEmpty() ? pubsub : internal, discard);
  }

  /**
   * Subscribes the internal topic; called when the instance starts, before the pub/sub opens its
   * subscriptions. As in Dapr, a pub/sub the metadata names that is not loaded is a warning (the
   * store's file may be loaded without it), and then the store's transactions fail.
   *
   * @param store the state store's facade
   */
  public void start(StateStore store) {
    this.store = store;
    String missing = missingPubsub();
    if (missing != null) {
      LOG.warn("{}; its transactions fail until it is", missing);
      return;
    }
    DefaultPubSub internal = (DefaultPubSub) runtime.facades().get(PubSub.class, outboxPubsub);
    internal.subscribeInternal(internalTopic, this::relay, INTERNAL_CONCURRENCY);
  }

  /** Why the outbox cannot work, or {@code null} if both its pub/subs are loaded. */
  private String missingPubsub() {
    for (String pubsub : List.of(publishPubsub, outboxPubsub)) {
      if (!runtime.facades().has(PubSub.class, pubsub)) {
        return "state store '"
            + storeName
            + "': the outbox's pub/sub component '"
            + pubsub
            + "' (metadata outboxPublishPubsub / outboxPubsub) is not loaded";
      }
    }
    return null;
  }

  /**
   * Publishes the internal events of a transaction and returns it with their markers.
   *
   * @param operations the transaction's operations, as the caller gave them
   * @return the operations to commit (projections removed, markers added) and the marker ids
   */
  public Prepared prepare(List<? extends StateOperation> operations) {
    Map<String, StateOperation.Upsert> projections = new LinkedHashMap<>();
    List<StateOperation> kept = new ArrayList<>();
    for (StateOperation op : operations) {
      if (op instanceof StateOperation.Upsert u
          && DaprValues.isTruthy(u.options().metadata().getOrDefault(PROJECTION, ""))) {
        projections.putIfAbsent(u.key(), u);
      } else {
        kept.add(op);
      }
    }
    String missing = missingPubsub();
    if (missing != null) {
      throw new ComponentNotFoundException(missing);
    }
    List<String> markers = new ArrayList<>();
    List<StateOperation> out = new ArrayList<>(kept);
    DefaultPubSub internal = (DefaultPubSub) runtime.facades().get(PubSub.class, outboxPubsub);
    for (StateOperation op : kept) {
      if (!(op instanceof StateOperation.Upsert u)) {
        continue;
      }
      StateOperation.Upsert source = projections.getOrDefault(u.key(), u);
      String id = PREFIX + Ids.uuid();
      String type = source.options().contentType();
      if (type == null) {
        type = source.options().metadata().get("contentType");
      }
      byte[] data;
      if (source.value() instanceof byte[] b) {
        data = b;
      } else {
        data = runtime.serializer().serialize(source.value());
        type = type == null ? runtime.serializer().contentType() : type;
      }
      CloudEvent.Builder ce =
          CloudEvent.builder()
              .id(id)
              .source(runtime.appId().isEmpty() ? CloudEvent.DEFAULT_SOURCE : runtime.appId())
              .datacontenttype(type)
              .data(data);
      for (Map.Entry<String, String> m : u.options().metadata().entrySet()) {
        String k = m.getKey();
        if (!k.equals("data") && !k.equals("id") && !isAttribute(k)) {
          ce.extension(k, m.getValue());
        }
      }
      internal.publishGiven(internalTopic, ce.build());
      markers.add(id);
      out.add(StateOperation.upsert(id, MARKER.clone()));
    }
    return new Prepared(out, markers);
  }

  private static boolean isAttribute(String k) {
    switch (k) {
      case "source":
      case "type":
      case "specversion":
      case "datacontenttype":
      case "dataschema":
      case "subject":
      case "time":
      case "topic":
      case "pubsubname":
      case "traceid":
      case "traceparent":
      case "tracestate":
      case "data_base64":
        return true;
      default:
        return false;
    }
  }

  /**
   * A transaction with its outbox markers.
   *
   * @param operations what to commit
   * @param markers the ids of the internal events
   */
  public record Prepared(List<StateOperation> operations, List<String> markers) {}

  /**
   * Records that a transaction failed outright, so that its internal events are discarded at once.
   *
   * @param prepared the transaction
   */
  public void failed(Prepared prepared) {
    failed.addAll(prepared.markers());
  }

  /** The internal subscription's handler: relays an event once its marker is committed. */
  private DeliveryResult relay(TopicEvent<CloudEvent> event) throws Exception {
    CloudEvent ce = event.data();
    String marker = ce.id();
    if (failed.remove(marker)) {
      return DeliveryResult.DROP;
    }
    if (!committed(marker)) {
      if (failed.remove(marker)) {
        return DeliveryResult.DROP;
      }
      if (discardWhenMissing) {
        LOG.error(
            "state store '{}': outbox event {} has no committed transaction; discarding it",
            storeName,
            marker);
        return DeliveryResult.DROP;
      }
      return DeliveryResult.RETRY;
    }
    DefaultPubSub target = (DefaultPubSub) runtime.facades().get(PubSub.class, publishPubsub);
    target.publish(publishTopic, ce);
    store.delete(marker);
    return DeliveryResult.SUCCESS;
  }

  /** Looks for the marker: at once, then after 1 s with backoff 0.5 s × 3 up to 3 s, for 10 s. */
  private boolean committed(String marker) throws InterruptedException {
    if (present(marker)) {
      return true;
    }
    sleep(FIRST_WAIT);
    Instant giveUp = runtime.clock().instant().plus(GIVE_UP);
    long wait = 500;
    while (true) {
      if (present(marker)) {
        return true;
      }
      if (!runtime.clock().instant().isBefore(giveUp) || failed.contains(marker)) {
        return false;
      }
      sleep(Duration.ofMillis(wait));
      wait = Math.min(3000, wait * 3);
    }
  }

  private boolean present(String marker) {
    StateItem<byte[]> item = store.get(marker, byte[].class);
    return item != null && item.value() != null && item.value().length > 0;
  }

  private void sleep(Duration d) throws InterruptedException {
    CompletableFuture<Void> wake = new CompletableFuture<>();
    Scheduler.Task t = runtime.scheduler().schedule(d, () -> wake.complete(null));
    try {
      wake.get();
    } catch (InterruptedException e) {
      t.cancel();
      throw e;
    } catch (ExecutionException e) {
      throw new IllegalStateException("a wait cannot fail", e);
    }
  }

  @Override
  public String toString() {
    return "Outbox[" + storeName + " -> " + publishPubsub + "/" + publishTopic + "]";
  }
}
