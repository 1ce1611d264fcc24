package dev.plumb.runtime.internal.state;

import dev.plumb.api.ComponentException;
import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.PlumbException;
import dev.plumb.api.SerializationException;
import dev.plumb.api.UnsupportedFeatureException;
import dev.plumb.api.spi.ComponentMetadata;
import dev.plumb.api.state.AsyncStateStore;
import dev.plumb.api.state.BulkStateException;
import dev.plumb.api.state.Concurrency;
import dev.plumb.api.state.DeleteOptions;
import dev.plumb.api.state.GetOptions;
import dev.plumb.api.state.QueryResult;
import dev.plumb.api.state.SaveOptions;
import dev.plumb.api.state.StateFeature;
import dev.plumb.api.state.StateItem;
import dev.plumb.api.state.StateOperation;
import dev.plumb.api.state.StateQuery;
import dev.plumb.api.state.StateStore;
import dev.plumb.api.state.spi.DeleteRequest;
import dev.plumb.api.state.spi.GetRequest;
import dev.plumb.api.state.spi.SetRequest;
import dev.plumb.api.state.spi.StateComponent;
import dev.plumb.api.state.spi.StateComponents;
import dev.plumb.api.state.spi.StateMutation;
import dev.plumb.runtime.internal.KeyPrefix;
import dev.plumb.runtime.internal.LoadedComponent;
import dev.plumb.runtime.internal.RuntimeContext;
import dev.plumb.runtime.internal.pubsub.Outbox;
import dev.plumb.runtime.spi.Invoker;
import dev.plumb.runtime.spi.Lifecycle;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The runtime layer of a state store (Dapr SEMANTICS §1): validates keys and adds the {@code
 * keyPrefix}, encodes values ({@code byte[]} as is, anything else with the runtime's serializer),
 * encrypts them at rest when the component names encryption keys, turns options into Dapr's request
 * metadata ({@code ttlInSeconds}, {@code contentType}), checks features and transaction size, and
 * parses JSON queries. Every component call goes through the component's {@link Invoker}; every
 * request is built and checked first (keys, TTLs, encoding, query syntax, features), so a bad
 * request fails before the invoker: never retried, never counted by a circuit breaker, never
 * reaching the store.
 *
 * <p>Thread-safe; the {@link #async()} view shares everything with this one.
 */
public final class DefaultStateStore implements StateStore, Lifecycle {
  private static final String ACTOR_STATE_STORE = "actorStateStore";

  static final String CONTENT_TYPE = "contentType";

  private final RuntimeContext runtime;
  private final String name;
  private final StateComponent component;
  private final Invoker invoker;
  private final KeyPrefix keys;
  private final StateEncryption encryption;
  private final Outbox outbox;
  private final AsyncStateStore async = new AsyncView();

  /**
   * Creates the facade and reads the runtime-level metadata ({@code keyPrefix}, {@code
   * primaryEncryptionKey}, {@code secondaryEncryptionKey}).
   *
   * @param runtime the runtime's services
   * @param component the started component
   * @throws dev.plumb.api.ConfigurationException if the key prefix contains {@code ||} or an
   *     encryption key is invalid or not a secret reference
   */
  public DefaultStateStore(RuntimeContext runtime, LoadedComponent<StateComponent> component) {
    this.runtime = Objects.requireNonNull(runtime, "runtime");
    this.name = component.name();
    this.component = Objects.requireNonNull(component.component(), "component");
    this.invoker = Objects.requireNonNull(component.outbound(), "outbound");
    this.keys = KeyPrefix.forState(component, runtime.appId(), runtime.namespace());
    this.encryption = StateEncryption.fromMetadata(name, component.metadata());
    this.outbox = Outbox.fromMetadata(runtime, name, component.metadata());
    if (outbox != null && !this.component.features().contains(StateFeature.TRANSACTIONAL)) {
      component
          .metadata()
          .addProblem(
              "metadata 'outboxPublishPubsub': the outbox needs a transactional state store");
    }
    checkActorStateStore(component.metadata(), this.component.features());
  }

  /** Subscribes the outbox's internal topic, if the store has an outbox. */
  @Override
  public void start() {
    if (outbox != null) {
      outbox.start(this);
    }
  }

  /**
   * Dapr's rule: a store may hold actor state only if it has etags and transactions, which the
   * actor runtime's turn-based state writes rely on.
   */
  private static void checkActorStateStore(ComponentMetadata metadata, Set<StateFeature> features) {
    if (metadata.getBoolean(ACTOR_STATE_STORE, false)
        && !(features.contains(StateFeature.ETAG)
            && features.contains(StateFeature.TRANSACTIONAL))) {
      metadata.addProblem(
          "metadata '"
              + ACTOR_STATE_STORE
              + "': an actor state store needs the ETAG and TRANSACTIONAL features; this store has "
              + features);
    }
    metadata.validate();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Set<StateFeature> features() {
    return component.features();
  }

  @Override
  public <T> StateItem<T> get(String key, Class<T> type) {
    return get(key, type, GetOptions.DEFAULT);
  }

  @Override
  public <T> StateItem<T> get(String key, Class<T> type, GetOptions options) {
    GetRequest request = getRequest(key, type, options);
    return invoker.call("get", () -> getNow(request, key, type));
  }

  @Override
  public <T> List<StateItem<T>> getBulk(List<String> keys, Class<T> type) {
    List<GetRequest> requests = getRequests(keys, type);
    return invoker.call("bulkGet", () -> getBulkNow(requests, keys, type));
  }

  @Override
  public void save(String key, Object value) {
    save(key, value, SaveOptions.DEFAULT);
  }

  @Override
  public void save(String key, Object value, SaveOptions options) {
    SetRequest request = setRequest(key, value, options);
    invoker.call("set", run(() -> component.set(request)));
  }

  @Override
  public void saveBulk(List<StateOperation.Upsert> items) {
    Bulk<SetRequest> bulk = setRequests(items);
    invoker.call("bulkSet", run(() -> saveBulkNow(bulk)));
  }

  @Override
  public void delete(String key) {
    delete(key, DeleteOptions.DEFAULT);
  }

  @Override
  public void delete(String key, DeleteOptions options) {
    DeleteRequest request = deleteRequest(key, options);
    invoker.call("delete", run(() -> component.delete(request)));
  }

  @Override
  public void deleteBulk(List<StateOperation.Delete> items) {
    Bulk<DeleteRequest> bulk = deleteRequests(items);
    invoker.call("bulkDelete", run(() -> deleteBulkNow(bulk)));
  }

  @Override
  public void transact(List<? extends StateOperation> operations) {
    transact(operations, Map.of());
  }

  @Override
  public void transact(List<? extends StateOperation> operations, Map<String, String> metadata) {
    List<StateMutation> mutations = mutations(operations);
    Map<String, String> md = metadata == null ? Map.of() : Map.copyOf(metadata);
    invoker.call("transaction", run(() -> transactNow(operations, mutations, md)));
  }

  @Override
  public <T> QueryResult<T> query(StateQuery query, Class<T> type) {
    checkQuery(query, type);
    return invoker.call("query", () -> queryNow(query, type));
  }

  @Override
  public <T> QueryResult<T> query(String jsonQuery, Class<T> type) {
    return query(StateQueryParser.parse(jsonQuery), type);
  }

  @Override
  public AsyncStateStore async() {
    return async;
  }

  @Override
  public String toString() {
    return "StateStore[" + name + "]";
  }

  // ---- requests, built and checked before the invoker: bad input is never retried, never
  // counted by a circuit breaker and never reaches the component ----

  private GetRequest getRequest(String key, Class<?> type, GetOptions options) {
    Objects.requireNonNull(type, "type");
    GetOptions o = options == null ? GetOptions.DEFAULT : options;
    return new GetRequest(keys.toStored(key), o.consistency(), o.metadata());
  }

  private List<GetRequest> getRequests(List<String> userKeys, Class<?> type) {
    Objects.requireNonNull(userKeys, "keys");
    Objects.requireNonNull(type, "type");
    List<GetRequest> requests = new ArrayList<>(userKeys.size());
    for (String k : userKeys) {
      requests.add(GetRequest.of(keys.toStored(k)));
    }
    return requests;
  }

  /** Requests of a bulk call, with the user key of each stored key. */
  private record Bulk<R>(List<R> requests, Map<String, String> userKeys) {}

  private Bulk<SetRequest> setRequests(List<StateOperation.Upsert> items) {
    Objects.requireNonNull(items, "items");
    Map<String, String> userKeys = new HashMap<>();
    List<SetRequest> requests = new ArrayList<>(items.size());
    for (StateOperation.Upsert u : items) {
      SetRequest r = setRequest(u.key(), u.value(), u.options());
      userKeys.put(r.key(), u.key());
      requests.add(r);
    }
    return new Bulk<>(requests, userKeys);
  }

  private Bulk<DeleteRequest> deleteRequests(List<StateOperation.Delete> items) {
    Objects.requireNonNull(items, "items");
    Map<String, String> userKeys = new HashMap<>();
    List<DeleteRequest> requests = new ArrayList<>(items.size());
    for (StateOperation.Delete d : items) {
      DeleteRequest r = deleteRequest(d.key(), d.options());
      userKeys.put(r.key(), d.key());
      requests.add(r);
    }
    return new Bulk<>(requests, userKeys);
  }

  private List<StateMutation> mutations(List<? extends StateOperation> operations) {
    Objects.requireNonNull(operations, "operations");
    if (!component.features().contains(StateFeature.TRANSACTIONAL)) {
      throw new UnsupportedFeatureException(
          "state store " + name + " doesn't support transactions");
    }
    int max = component.maxTransactionOperations();
    if (max > 0 && operations.size() > max) {
      throw new InvalidRequestException(
          "the transaction contains "
              + operations.size()
              + " operations, which is more than what the state store "
              + name
              + " supports: "
              + max);
    }
    return toMutations(operations);
  }

  private List<StateMutation> toMutations(List<? extends StateOperation> operations) {
    List<StateMutation> mutations = new ArrayList<>(operations.size());
    for (StateOperation op : operations) {
      if (op instanceof StateOperation.Upsert u) {
        mutations.add(setRequest(u.key(), u.value(), u.options()));
      } else {
        StateOperation.Delete d = (StateOperation.Delete) op;
        mutations.add(deleteRequest(d.key(), d.options()));
      }
    }
    return mutations;
  }

  private void checkQuery(StateQuery query, Class<?> type) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(type, "type");
    if (!component.features().contains(StateFeature.QUERY_API)) {
      throw new UnsupportedFeatureException(
          "state store " + name + " doesn't support the query API");
    }
    StateQueries.check(query);
  }

  // ---- the operations, run inside the invoker ----

  private <T> StateItem<T> getNow(GetRequest request, String key, Class<T> type) throws Exception {
    StateItem<byte[]> item = component.get(request);
    if (item == null || item.value() == null) {
      return null;
    }
    return new StateItem<>(key, decode(key, item.value(), type), item.etag(), item.metadata());
  }

  private <T> List<StateItem<T>> getBulkNow(
      List<GetRequest> requests, List<String> userKeys, Class<T> type) throws Exception {
    if (requests.isEmpty()) {
      return List.of();
    }
    List<StateItem<byte[]>> items = component.bulkGet(requests);
    List<StateItem<T>> out = new ArrayList<>(items.size());
    for (int i = 0; i < userKeys.size(); i++) {
      String key = userKeys.get(i);
      StateItem<byte[]> item = i < items.size() ? items.get(i) : null;
      if (item == null || item.value() == null) {
        out.add(new StateItem<>(key, null, null, item == null ? Map.of() : item.metadata()));
      } else {
        out.add(
            new StateItem<>(key, decode(key, item.value(), type), item.etag(), item.metadata()));
      }
    }
    return out;
  }

  private void saveBulkNow(Bulk<SetRequest> bulk) throws Exception {
    try {
      component.bulkSet(bulk.requests());
    } catch (BulkStateException e) {
      throw userKeys(e, bulk.userKeys());
    }
  }

  private void deleteBulkNow(Bulk<DeleteRequest> bulk) throws Exception {
    try {
      component.bulkDelete(bulk.requests());
    } catch (BulkStateException e) {
      throw userKeys(e, bulk.userKeys());
    }
  }

  private static BulkStateException userKeys(BulkStateException e, Map<String, String> userKeys) {
    Map<String, RuntimeException> failures = new LinkedHashMap<>();
    e.failures().forEach((k, ex) -> failures.put(userKeys.getOrDefault(k, k), ex));
    return new BulkStateException(failures);
  }

  /**
   * Commits checked mutations; with an outbox, publishes its internal events first (per attempt, so
   * inside the invoker) and commits the user's operations with the outbox's markers.
   */
  private void transactNow(
      List<? extends StateOperation> operations,
      List<StateMutation> checked,
      Map<String, String> metadata)
      throws Exception {
    if (outbox == null) {
      if (!checked.isEmpty()) {
        component.transact(checked, metadata);
      }
      return;
    }
    Outbox.Prepared withOutbox = outbox.prepare(operations);
    List<StateMutation> mutations = toMutations(withOutbox.operations());
    if (mutations.isEmpty()) {
      return;
    }
    try {
      component.transact(mutations, metadata);
    } catch (PlumbException e) {
      // The store refused the transaction (an etag mismatch, a bad request): nothing committed,
      // so its outbox events must not be published. Other failures may have committed.
      if (!(e instanceof ComponentException)) {
        outbox.failed(withOutbox);
      }
      throw e;
    }
  }

  private <T> QueryResult<T> queryNow(StateQuery query, Class<T> type) throws Exception {
    QueryResult<byte[]> result = component.query(query, Map.of());
    List<StateItem<T>> items = new ArrayList<>(result.items().size());
    for (StateItem<byte[]> item : result.items()) {
      String key = keys.toUser(item.key());
      T value = item.value() == null ? null : decode(key, item.value(), type);
      items.add(new StateItem<>(key, value, item.etag(), item.metadata()));
    }
    return new QueryResult<>(items, result.token(), result.metadata());
  }

  // ---- encoding ----

  private SetRequest setRequest(String key, Object value, SaveOptions options) {
    SaveOptions o = options == null ? SaveOptions.DEFAULT : options;
    Map<String, String> metadata = new LinkedHashMap<>(o.metadata());
    if (o.ttl() != null) {
      metadata.put(StateComponents.TTL_IN_SECONDS, ttlSeconds(o.ttl()));
    }
    // Checks a ttlInSeconds given as metadata too, before any store sees it.
    Long ttl = StateComponents.ttlSeconds(metadata);
    if (ttl != null && ttl > 0 && !component.features().contains(StateFeature.TTL)) {
      // Dapr's stores without TTL ignore it; a value that silently never expires is worse.
      throw new UnsupportedFeatureException(
          "state store "
              + name
              + " cannot expire values (it has no TTL feature); ttlInSeconds "
              + ttl
              + " is refused rather than ignored");
    }
    if (o.contentType() != null) {
      metadata.put(CONTENT_TYPE, o.contentType());
    } else if (!(value instanceof byte[]) && encryption == null) {
      // What the serializer wrote is JSON: stores that keep JSON natively (PostgreSQL v1's jsonb)
      // may then do so, while bytes the application passed stay bytes, byte for byte.
      metadata.put(CONTENT_TYPE, runtime.serializer().contentType());
    }
    String stored = keys.toStored(key);
    return new SetRequest(
        stored, encode(key, value), o.etag(), o.concurrency(), o.consistency(), metadata);
  }

  private DeleteRequest deleteRequest(String key, DeleteOptions options) {
    DeleteOptions o = options == null ? DeleteOptions.DEFAULT : options;
    return new DeleteRequest(
        keys.toStored(key), o.etag(), Concurrency.LAST_WRITE, o.consistency(), o.metadata());
  }

  /**
   * Whole seconds, rounding a positive fraction up; any negative TTL is Dapr's "-1".
   *
   * @throws InvalidRequestException beyond {@link StateComponents#MAX_TTL_SECONDS}
   */
  private String ttlSeconds(Duration ttl) {
    if (ttl.isNegative()) {
      return "-1";
    }
    long seconds = ttl.getSeconds();
    if (seconds > StateComponents.MAX_TTL_SECONDS
        || (seconds == StateComponents.MAX_TTL_SECONDS && ttl.getNano() > 0)) {
      throw new InvalidRequestException(
          "state store "
              + name
              + ": the TTL "
              + ttl
              + " is longer than the longest, "
              + StateComponents.MAX_TTL_SECONDS
              + " seconds (about 292 years)");
    }
    return Long.toString(seconds + (ttl.getNano() > 0 ? 1 : 0));
  }

  private byte[] encode(String key, Object value) {
    byte[] bytes = value instanceof byte[] b ? b : runtime.serializer().serialize(value);
    if (encryption == null) {
      return bytes;
    }
    try {
      return encryption.encrypt(bytes);
    } catch (GeneralSecurityException e) {
      throw new SerializationException(
          "state store '" + name + "': cannot encrypt the value of key '" + key + "'", e);
    }
  }

  private <T> T decode(String key, byte[] stored, Class<T> type) {
    byte[] bytes = stored;
    if (encryption != null) {
      try {
        bytes = encryption.decrypt(stored);
      } catch (GeneralSecurityException | IllegalArgumentException e) {
        throw new SerializationException(
            "state store '" + name + "': cannot decrypt the value of key '" + key + "'", e);
      }
    }
    if (type == byte[].class) {
      return type.cast(bytes);
    }
    try {
      return runtime.serializer().deserialize(bytes, type);
    } catch (RuntimeException e) {
      throw new SerializationException(
          "state store '"
              + name
              + "': cannot read the value of key '"
              + key
              + "' as "
              + type.getName(),
          e);
    }
  }

  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  private interface RequestConsumer<R> {
    void accept(R request) throws Exception;
  }

  private static <R> Void call(RequestConsumer<R> consumer, R request) throws Exception {
    consumer.accept(request);
    return null;
  }

  private static Callable<Void> run(ThrowingRunnable r) {
    return () -> {
      r.run();
      return null;
    };
  }

  /**
   * Builds a request and hands it to the invoker; a request that cannot be built fails the returned
   * stage without reaching the invoker.
   */
  private <R, T> CompletionStage<T> callAsync(
      String operation, Supplier<R> prepare, RequestCall<R, T> call) {
    R request;
    try {
      request = prepare.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return invoker.callAsync(operation, () -> call.apply(request));
  }

  private interface RequestCall<R, T> {
    T apply(R request) throws Exception;
  }

  /** The asynchronous twin: the same operations on the invoker's executor. */
  private final class AsyncView implements AsyncStateStore {
    @Override
    public <T> CompletionStage<StateItem<T>> get(String key, Class<T> type, GetOptions options) {
      return callAsync("get", () -> getRequest(key, type, options), r -> getNow(r, key, type));
    }

    @Override
    public <T> CompletionStage<StateItem<T>> get(String key, Class<T> type) {
      return get(key, type, GetOptions.DEFAULT);
    }

    @Override
    public <T> CompletionStage<List<StateItem<T>>> getBulk(List<String> keys, Class<T> type) {
      return callAsync("bulkGet", () -> getRequests(keys, type), r -> getBulkNow(r, keys, type));
    }

    @Override
    public CompletionStage<Void> save(String key, Object value, SaveOptions options) {
      return callAsync("set", () -> setRequest(key, value, options), r -> call(component::set, r));
    }

    @Override
    public CompletionStage<Void> save(String key, Object value) {
      return save(key, value, SaveOptions.DEFAULT);
    }

    @Override
    public CompletionStage<Void> saveBulk(List<StateOperation.Upsert> items) {
      return callAsync("bulkSet", () -> setRequests(items), r -> call(b -> saveBulkNow(b), r));
    }

    @Override
    public CompletionStage<Void> delete(String key, DeleteOptions options) {
      return callAsync(
          "delete", () -> deleteRequest(key, options), r -> call(component::delete, r));
    }

    @Override
    public CompletionStage<Void> delete(String key) {
      return delete(key, DeleteOptions.DEFAULT);
    }

    @Override
    public CompletionStage<Void> deleteBulk(List<StateOperation.Delete> items) {
      return callAsync(
          "bulkDelete", () -> deleteRequests(items), r -> call(b -> deleteBulkNow(b), r));
    }

    @Override
    public CompletionStage<Void> transact(
        List<? extends StateOperation> operations, Map<String, String> metadata) {
      return callAsync(
          "transaction",
          () -> mutations(operations),
          r ->
              call(
                  m ->
                      transactNow(
                          operations, m, metadata == null ? Map.of() : Map.copyOf(metadata)),
                  r));
    }

    @Override
    public <T> CompletionStage<QueryResult<T>> query(StateQuery query, Class<T> type) {
      return callAsync(
          "query",
          () -> {
            checkQuery(query, type);
            return query;
          },
          q -> queryNow(q, type));
    }

    @Override
    public String toString() {
      return "AsyncStateStore[" + name + "]";
    }
  }
}
