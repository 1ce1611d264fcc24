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
import java.util.concurrent.CompletionStage;

/**
 * The runtime layer of a state store (Dapr SEMANTICS §1): validates keys and adds the {@code
 * keyPrefix}, encodes values ({@code byte[]} as is, anything else with the runtime's serializer),
 * encrypts them at rest when the component names encryption keys, turns options into Dapr's request
 * metadata ({@code ttlInSeconds}, {@code contentType}), checks features and transaction size, and
 * parses JSON queries. Every component call goes through the component's {@link Invoker}.
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
    return invoker.call("get", () -> getNow(key, type, options));
  }

  @Override
  public <T> List<StateItem<T>> getBulk(List<String> keys, Class<T> type) {
    return invoker.call("bulkGet", () -> getBulkNow(keys, type));
  }

  @Override
  public void save(String key, Object value) {
    save(key, value, SaveOptions.DEFAULT);
  }

  @Override
  public void save(String key, Object value, SaveOptions options) {
    invoker.call("set", run(() -> component.set(setRequest(key, value, options))));
  }

  @Override
  public void saveBulk(List<StateOperation.Upsert> items) {
    invoker.call("bulkSet", run(() -> saveBulkNow(items)));
  }

  @Override
  public void delete(String key) {
    delete(key, DeleteOptions.DEFAULT);
  }

  @Override
  public void delete(String key, DeleteOptions options) {
    invoker.call("delete", run(() -> component.delete(deleteRequest(key, options))));
  }

  @Override
  public void deleteBulk(List<StateOperation.Delete> items) {
    invoker.call("bulkDelete", run(() -> deleteBulkNow(items)));
  }

  @Override
  public void transact(List<? extends StateOperation> operations) {
    transact(operations, Map.of());
  }

  @Override
  public void transact(List<? extends StateOperation> operations, Map<String, String> metadata) {
    invoker.call("transaction", run(() -> transactNow(operations, metadata)));
  }

  @Override
  public <T> QueryResult<T> query(StateQuery query, Class<T> type) {
    return invoker.call("query", () -> queryNow(query, type));
  }

  @Override
  public <T> QueryResult<T> query(String jsonQuery, Class<T> type) {
    return invoker.call("query", () -> queryNow(StateQueryParser.parse(jsonQuery), type));
  }

  @Override
  public AsyncStateStore async() {
    return async;
  }

  @Override
  public String toString() {
    return "StateStore[" + name + "]";
  }

  // ---- the operations, run inside the invoker ----

  private <T> StateItem<T> getNow(String key, Class<T> type, GetOptions options) throws Exception {
    Objects.requireNonNull(type, "type");
    GetOptions o = options == null ? GetOptions.DEFAULT : options;
    StateItem<byte[]> item =
        component.get(new GetRequest(keys.toStored(key), o.consistency(), o.metadata()));
    if (item == null || item.value() == null) {
      return null;
    }
    return new StateItem<>(key, decode(key, item.value(), type), item.etag(), item.metadata());
  }

  private <T> List<StateItem<T>> getBulkNow(List<String> userKeys, Class<T> type) throws Exception {
    Objects.requireNonNull(type, "type");
    List<GetRequest> requests = new ArrayList<>(userKeys.size());
    for (String k : userKeys) {
      requests.add(GetRequest.of(keys.toStored(k)));
    }
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

  private void saveBulkNow(List<StateOperation.Upsert> items) throws Exception {
    Map<String, String> userKeys = new HashMap<>();
    List<SetRequest> requests = new ArrayList<>(items.size());
    for (StateOperation.Upsert u : items) {
      SetRequest r = setRequest(u.key(), u.value(), u.options());
      userKeys.put(r.key(), u.key());
      requests.add(r);
    }
    try {
      component.bulkSet(requests);
    } catch (BulkStateException e) {
      throw userKeys(e, userKeys);
    }
  }

  private void deleteBulkNow(List<StateOperation.Delete> items) throws Exception {
    Map<String, String> userKeys = new HashMap<>();
    List<DeleteRequest> requests = new ArrayList<>(items.size());
    for (StateOperation.Delete d : items) {
      DeleteRequest r = deleteRequest(d.key(), d.options());
      userKeys.put(r.key(), d.key());
      requests.add(r);
    }
    try {
      component.bulkDelete(requests);
    } catch (BulkStateException e) {
      throw userKeys(e, userKeys);
    }
  }

  private static BulkStateException userKeys(BulkStateException e, Map<String, String> userKeys) {
    Map<String, RuntimeException> failures = new LinkedHashMap<>();
    e.failures().forEach((k, ex) -> failures.put(userKeys.getOrDefault(k, k), ex));
    return new BulkStateException(failures);
  }

  private void transactNow(List<? extends StateOperation> operations, Map<String, String> metadata)
      throws Exception {
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
    Outbox.Prepared withOutbox = outbox == null ? null : outbox.prepare(operations);
    List<? extends StateOperation> ops = withOutbox == null ? operations : withOutbox.operations();
    List<StateMutation> mutations = new ArrayList<>(ops.size());
    for (StateOperation op : ops) {
      if (op instanceof StateOperation.Upsert u) {
        mutations.add(setRequest(u.key(), u.value(), u.options()));
      } else {
        StateOperation.Delete d = (StateOperation.Delete) op;
        mutations.add(deleteRequest(d.key(), d.options()));
      }
    }
    if (mutations.isEmpty()) {
      return;
    }
    try {
      component.transact(mutations, metadata == null ? Map.of() : metadata);
    } catch (PlumbException e) {
      // The store refused the transaction (an etag mismatch, a bad request): nothing committed,
      // so its outbox events must not be published. Other failures may have committed.
      if (withOutbox != null && !(e instanceof ComponentException)) {
        outbox.failed(withOutbox);
      }
      throw e;
    }
  }

  private <T> QueryResult<T> queryNow(StateQuery query, Class<T> type) throws Exception {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(type, "type");
    if (!component.features().contains(StateFeature.QUERY_API)) {
      throw new UnsupportedFeatureException(
          "state store " + name + " doesn't support the query API");
    }
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
    if (o.contentType() != null) {
      metadata.put(CONTENT_TYPE, o.contentType());
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

  /** Whole seconds, rounding a positive fraction up; any negative TTL is Dapr's "-1". */
  private static String ttlSeconds(Duration ttl) {
    if (ttl.isNegative()) {
      return "-1";
    }
    return Long.toString(ttl.getSeconds() + (ttl.getNano() > 0 ? 1 : 0));
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

  private static Callable<Void> run(ThrowingRunnable r) {
    return () -> {
      r.run();
      return null;
    };
  }

  /** The asynchronous twin: the same operations on the invoker's executor. */
  private final class AsyncView implements AsyncStateStore {
    @Override
    public <T> CompletionStage<StateItem<T>> get(String key, Class<T> type, GetOptions options) {
      return invoker.callAsync("get", () -> getNow(key, type, options));
    }

    @Override
    public <T> CompletionStage<StateItem<T>> get(String key, Class<T> type) {
      return get(key, type, GetOptions.DEFAULT);
    }

    @Override
    public <T> CompletionStage<List<StateItem<T>>> getBulk(List<String> keys, Class<T> type) {
      return invoker.callAsync("bulkGet", () -> getBulkNow(keys, type));
    }

    @Override
    public CompletionStage<Void> save(String key, Object value, SaveOptions options) {
      return invoker.callAsync("set", run(() -> component.set(setRequest(key, value, options))));
    }

    @Override
    public CompletionStage<Void> save(String key, Object value) {
      return save(key, value, SaveOptions.DEFAULT);
    }

    @Override
    public CompletionStage<Void> saveBulk(List<StateOperation.Upsert> items) {
      return invoker.callAsync("bulkSet", run(() -> saveBulkNow(items)));
    }

    @Override
    public CompletionStage<Void> delete(String key, DeleteOptions options) {
      return invoker.callAsync("delete", run(() -> component.delete(deleteRequest(key, options))));
    }

    @Override
    public CompletionStage<Void> delete(String key) {
      return delete(key, DeleteOptions.DEFAULT);
    }

    @Override
    public CompletionStage<Void> deleteBulk(List<StateOperation.Delete> items) {
      return invoker.callAsync("bulkDelete", run(() -> deleteBulkNow(items)));
    }

    @Override
    public CompletionStage<Void> transact(
        List<? extends StateOperation> operations, Map<String, String> metadata) {
      return invoker.callAsync("transaction", run(() -> transactNow(operations, metadata)));
    }

    @Override
    public <T> CompletionStage<QueryResult<T>> query(StateQuery query, Class<T> type) {
      return invoker.callAsync("query", () -> queryNow(query, type));
    }

    @Override
    public String toString() {
      return "AsyncStateStore[" + name + "]";
    }
  }
}
