package dev.plumb.runtime.internal.pubsub;

import dev.plumb.api.ConfigurationException;
import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.Subscription;
import dev.plumb.api.pubsub.AsyncPubSub;
import dev.plumb.api.pubsub.BulkPublishEntry;
import dev.plumb.api.pubsub.BulkPublishResult;
import dev.plumb.api.pubsub.BulkTopicHandler;
import dev.plumb.api.pubsub.CloudEvent;
import dev.plumb.api.pubsub.PubSub;
import dev.plumb.api.pubsub.PubSubFeature;
import dev.plumb.api.pubsub.PublishOptions;
import dev.plumb.api.pubsub.SubscribeOptions;
import dev.plumb.api.pubsub.TopicHandler;
import dev.plumb.api.pubsub.TopicRoutes;
import dev.plumb.api.pubsub.spi.BulkMessageEntry;
import dev.plumb.api.pubsub.spi.BulkPublishRequest;
import dev.plumb.api.pubsub.spi.PubSubComponent;
import dev.plumb.api.pubsub.spi.PubSubMessage;
import dev.plumb.api.pubsub.spi.PublishRequest;
import dev.plumb.api.spi.ComponentMetadata;
import dev.plumb.api.spi.RequestMetadata;
import dev.plumb.runtime.internal.Invokers;
import dev.plumb.runtime.internal.LoadedComponent;
import dev.plumb.runtime.internal.RuntimeContext;
import dev.plumb.runtime.internal.resources.Resources;
import dev.plumb.runtime.internal.resources.SubscriptionResource;
import dev.plumb.runtime.spi.Invoker;
import dev.plumb.runtime.spi.Lifecycle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime layer of a pub/sub component (SEMANTICS.md §2): Dapr's CloudEvents envelope, topic
 * scopes, TTL, bulk publish, subscriptions in code and from YAML {@code Subscription}s with CEL
 * routing to bound paths, one dispatcher per subscription with bounded concurrency and per-key
 * order, inbound resiliency, dead-letter topics, and the drain of in-flight deliveries. Every call
 * into the component goes through its outbound {@link Invoker}, every delivery through its inbound
 * one.
 *
 * <p>Runtime-owned metadata: {@code concurrency} (default 10) and {@code concurrencyMode} ({@code
 * parallel} or {@code single}), the default concurrency of its subscriptions; the topic scopes.
 * Thread-safe.
 */
public final class DefaultPubSub implements PubSub, Lifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(DefaultPubSub.class);

  /** Dapr's default {@code concurrency} of a pub/sub component. */
  static final int DEFAULT_CONCURRENCY = 10;

  /** The path of the handler of a subscription made with a handler rather than routes. */
  private static final String HANDLER_PATH = "(handler)";

  private enum State {
    BUILT,
    STARTED,
    DRAINING,
    CLOSED
  }

  private final RuntimeContext runtime;
  private final String name;
  private final String type;
  private final PubSubComponent component;
  private final Invoker outbound;
  private final Invoker inbound;
  private final TopicScopes scopes;
  private final Envelopes envelopes;
  private final int defaultConcurrency;
  private final List<Declared> declared;
  private final Map<String, Binding> bindings = new ConcurrentHashMap<>();
  private final Map<String, TopicSubscription> subscriptions = new LinkedHashMap<>();
  private final AsyncPubSub async = new AsyncView();
  private volatile State state = State.BUILT;

  /** A YAML subscription of this component, compiled at build time. */
  private record Declared(SubscriptionSpec spec, SubscriptionResource resource) {}

  /**
   * Creates the facade, reads its runtime-level metadata and compiles the YAML subscriptions that
   * name this component.
   *
   * @param runtime the runtime's services
   * @param resources the loaded resources (subscriptions)
   * @param component the started component
   * @throws ConfigurationException naming the file and field of every problem: a bad {@code
   *     concurrency}, a route expression that does not compile, a subscription without routes
   */
  public DefaultPubSub(
      RuntimeContext runtime, Resources resources, LoadedComponent<PubSubComponent> component) {
    this.runtime = Objects.requireNonNull(runtime, "runtime");
    this.name = component.name();
    this.type = component.type();
    this.component = Objects.requireNonNull(component.component(), "component");
    this.outbound = component.outbound();
    this.inbound = component.inbound();
    ComponentMetadata md = component.metadata();
    this.scopes = TopicScopes.read(name, runtime.appId(), md);
    this.defaultConcurrency = concurrency(md);
    md.validate();
    this.envelopes =
        new Envelopes(
            runtime.appId(),
            name,
            runtime.serializer(),
            runtime.clock(),
            this.component.features().contains(PubSubFeature.MESSAGE_TTL));
    this.declared = declared(resources);
  }

  private static int concurrency(ComponentMetadata md) {
    int concurrency = md.getInt("concurrency", DEFAULT_CONCURRENCY);
    if (concurrency <= 0) {
      md.addProblem("metadata 'concurrency': expected a positive number, got " + concurrency);
      concurrency = DEFAULT_CONCURRENCY;
    }
    String mode = md.getString("concurrencyMode", "parallel").toLowerCase(Locale.ROOT);
    switch (mode) {
      case "parallel":
        return concurrency;
      case "single":
        return 1;
      default:
        md.addProblem(
            "metadata 'concurrencyMode': expected 'parallel' or 'single', got '" + mode + "'");
        return concurrency;
    }
  }

  private List<Declared> declared(Resources resources) {
    List<Declared> out = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (SubscriptionResource s : resources.subscriptions()) {
      if (!s.pubsubName().equals(name)) {
        continue;
      }
      String where = "subscription '" + s.name() + "' (" + s.document().where(null) + ")";
      TopicRoutes.Builder routes = TopicRoutes.builder();
      for (SubscriptionResource.Rule r : s.rules()) {
        routes.rule(r.match(), r.path());
      }
      if (s.defaultRoute() != null && !s.defaultRoute().isEmpty()) {
        routes.defaultRoute(s.defaultRoute());
      }
      if (s.rules().isEmpty() && (s.defaultRoute() == null || s.defaultRoute().isEmpty())) {
        problems.add(where + ": it has no route (spec.route, spec.routes.rules or .default)");
        continue;
      }
      TopicRoutes built = routes.build();
      Router router;
      try {
        router = Router.compile(built);
      } catch (IllegalArgumentException e) {
        problems.add(where + ": field 'spec.routes.rules': " + e.getMessage());
        continue;
      }
      SubscriptionResource.BulkSubscribe bulk = s.bulkSubscribe();
      if (bulk.enabled() && (bulk.maxMessagesCount() <= 0 || bulk.maxAwaitDurationMs() <= 0)) {
        problems.add(
            where
                + ": field 'spec.bulkSubscribe': maxMessagesCount and maxAwaitDurationMs must be"
                + " positive");
        continue;
      }
      String dlq =
          s.deadLetterTopic() == null || s.deadLetterTopic().isEmpty() ? null : s.deadLetterTopic();
      out.add(
          new Declared(
              new SubscriptionSpec(
                  s.topic(),
                  built,
                  router,
                  dlq,
                  RequestMetadata.rawPayload(s.metadata()),
                  bulk.enabled(),
                  defaultConcurrency,
                  true,
                  bulk.maxMessagesCount(),
                  Duration.ofMillis(bulk.maxAwaitDurationMs()),
                  s.metadata(),
                  where),
              s));
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    return List.copyOf(out);
  }

  // ---- accessors for subscriptions and the outbox ----

  RuntimeContext runtime() {
    return runtime;
  }

  PubSubComponent component() {
    return component;
  }

  Invoker inbound() {
    return inbound;
  }

  Envelopes envelopes() {
    return envelopes;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Set<PubSubFeature> features() {
    return component.features();
  }

  // ---- publishing ----

  @Override
  public void publish(String topic, Object data) {
    publish(topic, data, PublishOptions.DEFAULT);
  }

  @Override
  public void publish(String topic, Object data, PublishOptions options) {
    Envelopes.Prepared p = prepare(topic, data, options);
    outbound.call("publish", () -> publishNow(p));
  }

  private Envelopes.Prepared prepare(String topic, Object data, PublishOptions options) {
    checkPublish(topic);
    return envelopes.prepare(
        topic, data, options == null ? PublishOptions.DEFAULT : options, CloudEvent.DEFAULT_TYPE);
  }

  private Void publishNow(Envelopes.Prepared p) throws Exception {
    component.publish(envelopes.request(p));
    return null;
  }

  private void checkPublish(String topic) {
    requireTopic(topic);
    checkOpen();
    scopes.checkPublish(topic);
  }

  /**
   * Publishes a delivered message's exact bytes, metadata and content type to another topic of this
   * component: Dapr's dead-letter publish.
   *
   * @param topic the dead-letter topic
   * @param m the original message
   */
  void publishOriginal(String topic, PubSubMessage m) {
    scopes.checkPublish(topic);
    PublishRequest request = new PublishRequest(topic, m.data(), m.metadata(), m.contentType());
    outbound.call(
        "publish",
        () -> {
          component.publish(request);
          return null;
        });
  }

  /**
   * Publishes a whole CloudEvent to a topic without topic scopes: the outbox's internal topic.
   *
   * @param topic the topic
   * @param event the event; {@code topic} and {@code pubsubname} are overwritten
   */
  void publishGiven(String topic, CloudEvent event) {
    requireTopic(topic);
    checkOpen();
    Envelopes.Prepared p =
        envelopes.prepare(topic, event, PublishOptions.DEFAULT, CloudEvent.DEFAULT_TYPE);
    outbound.call("publish", () -> publishNow(p));
  }

  @Override
  public BulkPublishResult publishBulk(String topic, List<BulkPublishEntry> entries) {
    return publishBulk(topic, entries, Map.of());
  }

  @Override
  public BulkPublishResult publishBulk(
      String topic, List<BulkPublishEntry> entries, Map<String, String> metadata) {
    List<Envelopes.Prepared> prepared = prepareBulk(topic, entries, metadata);
    if (prepared.isEmpty()) {
      return BulkPublishResult.ALL_PUBLISHED;
    }
    return outbound.call("bulkPublish", () -> bulkPublishNow(topic, entries, prepared, metadata));
  }

  private List<Envelopes.Prepared> prepareBulk(
      String topic, List<BulkPublishEntry> entries, Map<String, String> metadata) {
    checkPublish(topic);
    Set<String> ids = new HashSet<>();
    List<Envelopes.Prepared> prepared = new ArrayList<>(entries.size());
    for (BulkPublishEntry e : entries) {
      if (!ids.add(e.entryId())) {
        throw new InvalidRequestException(
            "entryId '" + e.entryId() + "' is duplicated in the bulk publish request");
      }
      PublishOptions.Builder o = PublishOptions.builder().contentType(e.contentType());
      (metadata == null ? Map.<String, String>of() : metadata).forEach(o::metadata);
      e.metadata().forEach(o::metadata);
      prepared.add(envelopes.prepare(topic, e.event(), o.build(), CloudEvent.DEFAULT_TYPE));
    }
    return prepared;
  }

  private BulkPublishResult bulkPublishNow(
      String topic,
      List<BulkPublishEntry> entries,
      List<Envelopes.Prepared> prepared,
      Map<String, String> metadata)
      throws Exception {
    List<BulkMessageEntry> messages = new ArrayList<>(prepared.size());
    for (int i = 0; i < prepared.size(); i++) {
      PublishRequest r = envelopes.request(prepared.get(i));
      messages.add(
          new BulkMessageEntry(entries.get(i).entryId(), r.data(), r.contentType(), r.metadata()));
    }
    return component.bulkPublish(new BulkPublishRequest(topic, messages, metadata));
  }

  // ---- subscribing ----

  @Override
  public <T> void bind(String path, Class<T> type, TopicHandler<T> handler) {
    bindPath(new Binding(requirePath(path), Objects.requireNonNull(type, "type"), handler, null));
  }

  @Override
  public <T> void bindBulk(String path, Class<T> type, BulkTopicHandler<T> handler) {
    bindPath(new Binding(requirePath(path), Objects.requireNonNull(type, "type"), null, handler));
  }

  private void bindPath(Binding b) {
    Objects.requireNonNull(b.isBulk() ? b.bulk() : b.single(), "handler");
    if (bindings.putIfAbsent(b.path(), b) != null) {
      throw new InvalidRequestException(
          "pub/sub '" + name + "': path '" + b.path() + "' is already bound to a handler");
    }
  }

  @Override
  public <T> Subscription subscribe(String topic, Class<T> type, TopicHandler<T> handler) {
    return subscribe(topic, type, handler, SubscribeOptions.DEFAULT);
  }

  @Override
  public <T> Subscription subscribe(
      String topic, Class<T> type, TopicHandler<T> handler, SubscribeOptions options) {
    Binding b =
        new Binding(
            HANDLER_PATH,
            Objects.requireNonNull(type, "type"),
            Objects.requireNonNull(handler, "handler"),
            null);
    return subscribe(topic, TopicRoutes.to(HANDLER_PATH), Map.of(HANDLER_PATH, b), options);
  }

  @Override
  public <T> Subscription subscribeBulk(
      String topic, Class<T> type, BulkTopicHandler<T> handler, SubscribeOptions options) {
    Binding b =
        new Binding(
            HANDLER_PATH,
            Objects.requireNonNull(type, "type"),
            null,
            Objects.requireNonNull(handler, "handler"));
    return subscribe(topic, TopicRoutes.to(HANDLER_PATH), Map.of(HANDLER_PATH, b), options);
  }

  @Override
  public Subscription subscribe(String topic, TopicRoutes routes, SubscribeOptions options) {
    Objects.requireNonNull(routes, "routes");
    Map<String, Binding> bound = new LinkedHashMap<>();
    for (String path : routes.paths()) {
      Binding b = bindings.get(path);
      if (b == null) {
        throw new InvalidRequestException(
            "pub/sub '" + name + "': no handler is bound to path '" + path + "'; bind it first");
      }
      bound.put(path, b);
    }
    return subscribe(topic, routes, bound, options);
  }

  private Subscription subscribe(
      String topic, TopicRoutes routes, Map<String, Binding> bound, SubscribeOptions options) {
    requireTopic(topic);
    SubscribeOptions o = options == null ? SubscribeOptions.DEFAULT : options;
    Router router;
    try {
      router = Router.compile(routes);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(
          "pub/sub '" + name + "' topic '" + topic + "': " + e.getMessage());
    }
    boolean bulk = kind(bound.values(), "subscription to topic '" + topic + "'");
    Map<String, String> metadata = new LinkedHashMap<>(o.metadata());
    if (o.rawPayload()) {
      metadata.put(RequestMetadata.RAW_PAYLOAD, "true");
    }
    SubscriptionSpec spec =
        new SubscriptionSpec(
            topic,
            routes,
            router,
            o.deadLetterTopic(),
            o.rawPayload() || RequestMetadata.rawPayload(metadata),
            bulk,
            o.concurrency() > 0 ? o.concurrency() : defaultConcurrency,
            true,
            o.maxMessagesCount(),
            o.maxAwaitDuration(),
            metadata,
            "code");
    scopes.checkSubscribe(topic);
    return add(new TopicSubscription(this, spec, bound));
  }

  /** Whether the bindings are batch handlers; throws if they mix both kinds. */
  private boolean kind(Iterable<Binding> bound, String what) {
    Boolean bulk = null;
    for (Binding b : bound) {
      if (bulk != null && bulk != b.isBulk()) {
        throw new InvalidRequestException(
            "pub/sub '"
                + name
                + "': the "
                + what
                + " routes to both single-event and batch handlers; use one kind");
      }
      bulk = b.isBulk();
    }
    return Boolean.TRUE.equals(bulk);
  }

  /**
   * Subscribes the outbox's internal topic: no scopes, no ordering, high concurrency.
   *
   * @param topic the internal topic
   * @param handler the outbox's handler
   * @param concurrency how many messages at once
   * @return the subscription
   */
  Subscription subscribeInternal(String topic, TopicHandler<CloudEvent> handler, int concurrency) {
    Binding b = new Binding(HANDLER_PATH, CloudEvent.class, handler, null);
    TopicRoutes routes = TopicRoutes.to(HANDLER_PATH);
    SubscriptionSpec spec =
        new SubscriptionSpec(
            topic,
            routes,
            Router.compile(routes),
            null,
            false,
            false,
            concurrency,
            false,
            SubscribeOptions.DEFAULT_MAX_MESSAGES_COUNT,
            SubscribeOptions.DEFAULT_MAX_AWAIT_DURATION,
            Map.of(),
            "outbox");
    return add(new TopicSubscription(this, spec, Map.of(HANDLER_PATH, b)));
  }

  private Subscription add(TopicSubscription s) {
    boolean open;
    synchronized (this) {
      checkOpen();
      String topic = s.spec().topic();
      TopicSubscription existing = subscriptions.get(topic);
      if (existing != null) {
        throw new InvalidRequestException(
            "pub/sub '"
                + name
                + "': topic '"
                + topic
                + "' already has a subscription ("
                + existing.spec().origin()
                + "); one per topic");
      }
      subscriptions.put(topic, s);
      open = state == State.STARTED;
    }
    if (open) {
      try {
        s.open();
      } catch (Exception e) {
        forget(s);
        s.closeBroker();
        throw outboundFailure("subscribe", e);
      }
    }
    return s;
  }

  private RuntimeException outboundFailure(String operation, Exception e) {
    return Invokers.wrap(name, type, operation, e);
  }

  /**
   * Removes a subscription the application closes.
   *
   * @param s the subscription
   * @return whether it was open
   */
  synchronized boolean forget(TopicSubscription s) {
    return subscriptions.remove(s.spec().topic(), s);
  }

  // ---- lifecycle ----

  /**
   * Opens the YAML subscriptions of this component and those made in code before the start. Every
   * path they route to must be bound, to handlers of the kind the subscription needs.
   *
   * @throws ConfigurationException naming the subscription's file and the unbound paths
   * @throws Exception if the component cannot subscribe
   */
  @Override
  public void start() throws Exception {
    List<TopicSubscription> open = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Declared d : declared) {
      SubscriptionSpec spec = d.spec();
      Map<String, Binding> bound = new LinkedHashMap<>();
      for (String path : spec.routes().paths()) {
        Binding b = bindings.get(path);
        if (b == null) {
          problems.add(
              spec.origin()
                  + ": no handler is bound to path '"
                  + path
                  + "'; bind it with plumb.pubSub(\""
                  + name
                  + "\")."
                  + (spec.bulk() ? "bindBulk" : "bind")
                  + "(\""
                  + path
                  + "\", ...) before the instance starts (Plumb.builder().deferStart())");
        } else if (b.isBulk() != spec.bulk()) {
          problems.add(
              spec.origin()
                  + ": path '"
                  + path
                  + "' is bound to a "
                  + (b.isBulk() ? "batch" : "single-event")
                  + " handler, but bulkSubscribe is "
                  + (spec.bulk() ? "enabled" : "not enabled")
                  + "; bind it with "
                  + (spec.bulk() ? "bindBulk" : "bind"));
        } else {
          bound.put(path, b);
        }
      }
      if (problems.isEmpty()) {
        try {
          scopes.checkSubscribe(spec.topic());
        } catch (RuntimeException e) {
          LOG.warn("{}: skipped: {}", spec.origin(), e.getMessage());
          continue;
        }
        open.add(new TopicSubscription(this, spec, bound));
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    List<TopicSubscription> toOpen;
    synchronized (this) {
      for (TopicSubscription s : open) {
        TopicSubscription existing = subscriptions.putIfAbsent(s.spec().topic(), s);
        if (existing != null) {
          throw new ConfigurationException(
              s.spec().origin()
                  + ": topic '"
                  + s.spec().topic()
                  + "' of pub/sub '"
                  + name
                  + "' already has a subscription ("
                  + existing.spec().origin()
                  + "); one per topic");
        }
      }
      state = State.STARTED;
      toOpen = new ArrayList<>(subscriptions.values());
    }
    for (TopicSubscription s : toOpen) {
      s.open();
    }
  }

  @Override
  public void drain(Duration timeout) {
    List<TopicSubscription> all;
    synchronized (this) {
      if (state == State.CLOSED) {
        return;
      }
      state = State.DRAINING;
      all = new ArrayList<>(subscriptions.values());
    }
    long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
    for (TopicSubscription s : all) {
      s.drain(Duration.ZERO);
    }
    for (TopicSubscription s : all) {
      s.drain(Duration.ofNanos(deadline - System.nanoTime()));
    }
    for (TopicSubscription s : all) {
      s.closeBroker();
    }
  }

  @Override
  public void close() {
    List<TopicSubscription> all;
    synchronized (this) {
      state = State.CLOSED;
      all = new ArrayList<>(subscriptions.values());
      subscriptions.clear();
    }
    for (TopicSubscription s : all) {
      s.drain(Duration.ZERO);
      s.closeBroker();
    }
  }

  private void checkOpen() {
    if (state == State.CLOSED || state == State.DRAINING) {
      throw new IllegalStateException("pub/sub '" + name + "' is closed");
    }
  }

  private static void requireTopic(String topic) {
    if (topic == null || topic.isEmpty()) {
      throw new InvalidRequestException("topic name is empty");
    }
  }

  private static String requirePath(String path) {
    if (path == null || path.isEmpty()) {
      throw new InvalidRequestException("a route's path must not be empty");
    }
    return path;
  }

  @Override
  public AsyncPubSub async() {
    return async;
  }

  @Override
  public String toString() {
    return "PubSub[" + name + "]";
  }

  /** The asynchronous twin of the publishing calls. */
  private final class AsyncView implements AsyncPubSub {
    @Override
    public CompletionStage<Void> publish(String topic, Object data) {
      return publish(topic, data, PublishOptions.DEFAULT);
    }

    @Override
    public CompletionStage<Void> publish(String topic, Object data, PublishOptions options) {
      Envelopes.Prepared p = prepare(topic, data, options);
      return outbound.callAsync("publish", () -> publishNow(p));
    }

    @Override
    public CompletionStage<BulkPublishResult> publishBulk(
        String topic, List<BulkPublishEntry> entries) {
      return publishBulk(topic, entries, Map.of());
    }

    @Override
    public CompletionStage<BulkPublishResult> publishBulk(
        String topic, List<BulkPublishEntry> entries, Map<String, String> metadata) {
      List<Envelopes.Prepared> prepared = prepareBulk(topic, entries, metadata);
      if (prepared.isEmpty()) {
        return CompletableFuture.completedFuture(BulkPublishResult.ALL_PUBLISHED);
      }
      return outbound.callAsync(
          "bulkPublish", () -> bulkPublishNow(topic, entries, prepared, metadata));
    }

    @Override
    public String toString() {
      return "AsyncPubSub[" + name + "]";
    }
  }
}
