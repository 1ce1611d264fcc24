package dev.plumb.runtime.internal.pubsub;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumb.api.Subscription;
import dev.plumb.api.pubsub.BulkEntry;
import dev.plumb.api.pubsub.CloudEvent;
import dev.plumb.api.pubsub.DeliveryResult;
import dev.plumb.api.pubsub.TopicEvent;
import dev.plumb.api.pubsub.spi.PubSubMessage;
import dev.plumb.api.pubsub.spi.SubscribeRequest;
import dev.plumb.runtime.internal.cel.CelEngine;
import dev.plumb.runtime.internal.cel.EvaluationException;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running subscription of a {@link DefaultPubSub}: the component's subscription, the
 * dispatcher, and Dapr's delivery pipeline for each message (dapr {@code
 * pkg/runtime/subscription/subscription.go}):
 *
 * <ol>
 *   <li>Decode: the CloudEvent, or the synthetic wrapper of a raw payload.
 *   <li>Expired ({@code expiration} before now): acknowledged, and published to the dead-letter
 *       topic if there is one.
 *   <li>Route: the first matching rule's path; no match: acknowledged, and dead-lettered if there
 *       is a dead-letter topic.
 *   <li>The bound handler, under the component's inbound resiliency policy, in a {@code CONSUMER}
 *       span continuing the event's {@code traceparent}. {@code SUCCESS}: acknowledged. {@code
 *       DROP}: dead-lettered if there is a dead-letter topic, acknowledged. {@code RETRY} or an
 *       exception: retried under the policy.
 *   <li>Not processed (retries exhausted, undecodable event, failed route expression): published to
 *       the dead-letter topic and acknowledged; without one, or if that publish fails, redelivered
 *       after {@link #REDELIVERY_DELAY}: held back in the dispatcher (keeping later events of its
 *       ordering key waiting) if it has an ordering key, else negatively acknowledged to the
 *       broker.
 * </ol>
 *
 * <p>A bulk subscription runs steps 1 to 3 per entry, hands the entries of each path to its batch
 * handler, and retries only the entries answered {@code RETRY}, missing or {@code null}.
 */
final class TopicSubscription implements Subscription {
  private static final Logger LOG = LoggerFactory.getLogger(TopicSubscription.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** How long a message that was not processed waits before it is delivered again. */
  static final Duration REDELIVERY_DELAY = Duration.ofSeconds(5);

  private static final TextMapGetter<CloudEvent> TRACE =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(CloudEvent carrier) {
          return List.of("traceparent", "tracestate");
        }

        @Override
        public String get(CloudEvent carrier, String key) {
          if (carrier == null) {
            return null;
          }
          return "traceparent".equals(key) ? carrier.traceparent() : carrier.tracestate();
        }
      };

  private final DefaultPubSub owner;
  private final SubscriptionSpec spec;
  private final Map<String, Binding> bindings;
  private final String label;
  private Dispatcher dispatcher;
  private BulkDispatcher bulkDispatcher;
  private Subscription broker;
  private boolean closed;

  TopicSubscription(DefaultPubSub owner, SubscriptionSpec spec, Map<String, Binding> bindings) {
    this.owner = owner;
    this.spec = spec;
    this.bindings = Map.copyOf(bindings);
    this.label = "pub/sub '" + owner.name() + "' topic '" + spec.topic() + "'";
  }

  SubscriptionSpec spec() {
    return spec;
  }

  /**
   * Subscribes at the component and starts dispatching.
   *
   * @throws Exception what the component throws
   */
  synchronized void open() throws Exception {
    int concurrency = spec.concurrency();
    int maxInFlight;
    if (spec.bulk()) {
      bulkDispatcher =
          new BulkDispatcher(
              label,
              owner.runtime().blockingExecutor(),
              owner.runtime().scheduler(),
              concurrency,
              spec.maxMessagesCount(),
              spec.maxAwaitDuration(),
              this::processBatch);
      maxInFlight = spec.maxMessagesCount() * (concurrency + 1);
    } else {
      dispatcher =
          new Dispatcher(
              label,
              owner.runtime().blockingExecutor(),
              owner.runtime().scheduler(),
              concurrency,
              spec.ordered(),
              this::process);
      maxInFlight = Math.max(256, concurrency * 4);
    }
    SubscribeRequest request = new SubscribeRequest(spec.topic(), spec.metadata(), maxInFlight);
    Dispatcher d = dispatcher;
    BulkDispatcher b = bulkDispatcher;
    broker =
        owner
            .component()
            .subscribe(
                request,
                b != null
                    ? (m, a) -> b.submit(new Delivery(m, a))
                    : (m, a) -> d.submit(new Delivery(m, a)));
  }

  /**
   * Stops dispatching and waits for deliveries in flight, at most {@code timeout} of real time.
   *
   * @param timeout the longest wait
   */
  void drain(Duration timeout) {
    Dispatcher d;
    BulkDispatcher b;
    synchronized (this) {
      d = dispatcher;
      b = bulkDispatcher;
    }
    boolean quiet = d != null ? d.stop(timeout) : b == null || b.stop(timeout);
    if (!quiet) {
      LOG.warn(
          "{}: deliveries still running after the grace period are left unacknowledged", label);
    }
  }

  /** Closes the component's subscription: acknowledgements flushed, the rest given back. */
  void closeBroker() {
    Subscription s;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      s = broker;
    }
    if (s != null) {
      try {
        s.close();
      } catch (RuntimeException e) {
        LOG.warn("{}: closing the subscription failed: {}", label, e.toString());
      }
    }
  }

  /** Unsubscribes: drains for up to the instance's grace period, then closes. */
  @Override
  public void close() {
    if (owner.forget(this)) {
      drain(owner.runtime().gracePeriod());
      closeBroker();
    }
  }

  // ---- one delivery ----

  private Duration process(Delivery d) {
    if (d.ack().revoked()) {
      return null;
    }
    PubSubMessage m = d.message();
    CloudEvent event;
    try {
      event = owner.envelopes().decode(m, spec.rawPayload());
    } catch (RuntimeException e) {
      return notProcessed(d, "it is not a CloudEvent: " + e.getMessage());
    }
    if (owner.envelopes().expired(event)) {
      deadLetterQuietly(m, "it expired");
      d.ack().ack();
      return null;
    }
    String path;
    try {
      path = spec.router().route(() -> eventMap(m, event));
    } catch (EvaluationException e) {
      return notProcessed(d, e.getMessage());
    }
    if (path == null) {
      deadLetterQuietly(m, "no route matches it");
      d.ack().ack();
      return null;
    }
    Binding binding = bindings.get(path);
    TopicEvent<Object> typed;
    try {
      typed = binding.event(event, m.metadata(), owner.runtime().serializer());
    } catch (RuntimeException e) {
      return notProcessed(d, e.getMessage());
    }
    DeliveryResult result;
    Scope scope = traceParent(event).makeCurrent();
    try {
      result =
          owner
              .inbound()
              .call(
                  "deliver",
                  () -> {
                    DeliveryResult r;
                    try {
                      r = binding.handle(typed);
                    } catch (Exception e) {
                      throw new HandlerFailure(e);
                    }
                    if (r == DeliveryResult.RETRY) {
                      throw new RetryRequested();
                    }
                    return r == null ? DeliveryResult.SUCCESS : r;
                  });
    } catch (RuntimeException e) {
      return notProcessed(d, describe(e));
    } finally {
      scope.close();
    }
    if (result == DeliveryResult.DROP && spec.deadLetterTopic() != null) {
      if (!deadLetter(m, "the handler dropped it")) {
        return redeliver(d);
      }
    }
    d.ack().ack();
    return null;
  }

  private Duration notProcessed(Delivery d, String reason) {
    if (spec.deadLetterTopic() != null) {
      if (deadLetter(d.message(), reason)) {
        d.ack().ack();
        return null;
      }
    } else {
      LOG.warn(
          "{}: a message was not processed and is redelivered in {}: {}",
          label,
          REDELIVERY_DELAY,
          reason);
    }
    return redeliver(d);
  }

  private Duration redeliver(Delivery d) {
    if (spec.ordered() && d.message().orderingKey() != null) {
      return REDELIVERY_DELAY;
    }
    d.ack().nack(REDELIVERY_DELAY);
    return null;
  }

  /** Publishes the original message to the dead-letter topic; whether that worked. */
  private boolean deadLetter(PubSubMessage m, String reason) {
    try {
      owner.publishOriginal(spec.deadLetterTopic(), m);
      LOG.debug(
          "{}: a message went to dead-letter topic '{}': {}",
          label,
          spec.deadLetterTopic(),
          reason);
      return true;
    } catch (RuntimeException e) {
      LOG.warn(
          "{}: publishing a message to dead-letter topic '{}' failed, it is redelivered: {}",
          label,
          spec.deadLetterTopic(),
          e.getMessage());
      return false;
    }
  }

  private void deadLetterQuietly(PubSubMessage m, String reason) {
    if (spec.deadLetterTopic() != null) {
      deadLetter(m, reason);
    }
  }

  private Map<String, Object> eventMap(PubSubMessage m, CloudEvent event) {
    try {
      byte[] json = spec.rawPayload() ? Envelopes.encode(event) : m.data();
      @SuppressWarnings("unchecked")
      Map<String, Object> map = (Map<String, Object>) CelEngine.fromJson(JSON.readTree(json));
      return map;
    } catch (IOException e) {
      throw new IllegalStateException("a decoded CloudEvent is JSON", e);
    }
  }

  private static Context traceParent(CloudEvent event) {
    if (event.traceparent() == null) {
      return Context.current();
    }
    return W3CTraceContextPropagator.getInstance().extract(Context.current(), event, TRACE);
  }

  /** The invoker's message: "deliver failed: the handler answered RETRY", a timeout, ... */
  private static String describe(RuntimeException e) {
    return e.getMessage();
  }

  // ---- one batch ----

  private void processBatch(List<Delivery> batch) {
    Map<String, List<Entry>> byPath = new LinkedHashMap<>();
    for (Delivery d : batch) {
      if (d.ack().revoked()) {
        continue;
      }
      PubSubMessage m = d.message();
      CloudEvent event;
      try {
        event = owner.envelopes().decode(m, spec.rawPayload());
      } catch (RuntimeException e) {
        notProcessedEntry(d, "it is not a CloudEvent: " + e.getMessage());
        continue;
      }
      if (owner.envelopes().expired(event)) {
        deadLetterQuietly(m, "it expired");
        d.ack().ack();
        continue;
      }
      String path;
      try {
        path = spec.router().route(() -> eventMap(m, event));
      } catch (EvaluationException e) {
        notProcessedEntry(d, e.getMessage());
        continue;
      }
      if (path == null) {
        deadLetterQuietly(m, "no route matches it");
        d.ack().ack();
        continue;
      }
      TopicEvent<Object> typed;
      try {
        typed = bindings.get(path).event(event, m.metadata(), owner.runtime().serializer());
      } catch (RuntimeException e) {
        notProcessedEntry(d, e.getMessage());
        continue;
      }
      byPath
          .computeIfAbsent(path, p -> new ArrayList<>())
          .add(new Entry(d, new BulkEntry<>(Ids.uuid(), typed)));
    }
    byPath.forEach((path, entries) -> deliverBatch(bindings.get(path), entries));
  }

  private record Entry(Delivery delivery, BulkEntry<Object> entry) {}

  private void deliverBatch(Binding binding, List<Entry> entries) {
    List<Entry> remaining = new ArrayList<>(entries);
    try {
      owner
          .inbound()
          .call(
              "deliverBulk",
              () -> {
                List<BulkEntry<Object>> batch = new ArrayList<>(remaining.size());
                for (Entry e : remaining) {
                  batch.add(e.entry());
                }
                Map<String, DeliveryResult> results;
                try {
                  results = binding.handle(batch);
                } catch (Exception e) {
                  throw new HandlerFailure(e);
                }
                List<Entry> retry = new ArrayList<>();
                for (Entry e : remaining) {
                  DeliveryResult r = results == null ? null : results.get(e.entry().entryId());
                  if (r == DeliveryResult.SUCCESS) {
                    e.delivery().ack().ack();
                  } else if (r == DeliveryResult.DROP) {
                    if (spec.deadLetterTopic() == null
                        || deadLetter(e.delivery().message(), "the handler dropped it")) {
                      e.delivery().ack().ack();
                    } else {
                      e.delivery().ack().nack(REDELIVERY_DELAY);
                    }
                  } else {
                    retry.add(e);
                  }
                }
                remaining.clear();
                remaining.addAll(retry);
                if (!remaining.isEmpty()) {
                  throw new RetryRequested();
                }
                return null;
              });
    } catch (RuntimeException e) {
      String reason = describe(e);
      for (Entry entry : remaining) {
        notProcessedEntry(entry.delivery(), reason);
      }
    }
  }

  private void notProcessedEntry(Delivery d, String reason) {
    if (spec.deadLetterTopic() != null && deadLetter(d.message(), reason)) {
      d.ack().ack();
      return;
    }
    if (spec.deadLetterTopic() == null) {
      LOG.warn(
          "{}: a message was not processed and is redelivered in {}: {}",
          label,
          REDELIVERY_DELAY,
          reason);
    }
    d.ack().nack(REDELIVERY_DELAY);
  }

  @Override
  public String toString() {
    return "Subscription[" + label + "]";
  }

  /** A handler's exception, carried through the invoker so that it is retried. */
  private static final class HandlerFailure extends Exception {
    private static final long serialVersionUID = 1L;

    HandlerFailure(Exception cause) {
      super(cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause, false, false);
    }
  }

  /** The handler answered {@code RETRY}. */
  private static final class RetryRequested extends Exception {
    private static final long serialVersionUID = 1L;

    RetryRequested() {
      super("the handler answered RETRY", null, false, false);
    }
  }
}
