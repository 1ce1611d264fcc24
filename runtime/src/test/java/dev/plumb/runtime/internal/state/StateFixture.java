package dev.plumb.runtime.internal.state;

import dev.plumb.api.spi.ComponentMetadata;
import dev.plumb.api.spi.MetadataField;
import dev.plumb.api.state.StateFeature;
import dev.plumb.api.state.StateItem;
import dev.plumb.api.state.spi.DeleteRequest;
import dev.plumb.api.state.spi.GetRequest;
import dev.plumb.api.state.spi.SetRequest;
import dev.plumb.api.state.spi.StateComponent;
import dev.plumb.api.state.spi.StateMutation;
import dev.plumb.runtime.internal.ComponentInvoker;
import dev.plumb.runtime.internal.LoadedComponent;
import dev.plumb.runtime.internal.ManualClock;
import dev.plumb.runtime.internal.RuntimeContext;
import dev.plumb.runtime.internal.memory.InMemoryStateStore;
import dev.plumb.runtime.internal.serialization.JacksonSerializer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** Builds facades over a real in-memory component, with a hand-moved clock. */
final class StateFixture implements AutoCloseable {
  static final String STORE = "statestore";
  static final String TYPE = "state.in-memory";

  final ManualClock clock = new ManualClock();
  final ExecutorService executor = Executors.newFixedThreadPool(2);
  final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  final InMemoryStateStore memory = new InMemoryStateStore(STORE, clock, scheduler);

  RuntimeContext runtime(String appId, String namespace) {
    return new RuntimeContext(
        appId, namespace, new JacksonSerializer(), clock, executor, scheduler, name -> null);
  }

  DefaultStateStore store(Map<String, String> metadata) {
    return store("myapp", "", metadata);
  }

  DefaultStateStore store(String appId, String namespace, Map<String, String> metadata) {
    List<MetadataField> fields = new ArrayList<>();
    metadata.forEach((k, v) -> fields.add(new MetadataField(k, v, false, 0)));
    return store(appId, namespace, memory, fields);
  }

  DefaultStateStore store(
      String appId, String namespace, StateComponent component, List<MetadataField> fields) {
    return new DefaultStateStore(
        runtime(appId, namespace),
        new LoadedComponent<>(
            STORE,
            TYPE,
            "v1",
            component,
            new ComponentMetadata("component '" + STORE + "'", fields),
            ComponentInvoker.direct(STORE, TYPE, executor)));
  }

  /** The raw stored value of a stored key, or {@code null}. */
  byte[] raw(String storedKey) {
    StateItem<byte[]> item = memory.get(GetRequest.of(storedKey));
    return item == null ? null : item.value();
  }

  @Override
  public void close() {
    memory.close();
    executor.shutdownNow();
    scheduler.shutdownNow();
  }

  /**
   * A real component in front of the in-memory one that records requests and can claim fewer
   * features or a transaction size limit; not a mock: every call reaches the in-memory store.
   */
  static final class RecordingComponent implements StateComponent {
    private final StateComponent delegate;
    private final Set<StateFeature> features;
    private final int maxOperations;
    final List<SetRequest> sets = new ArrayList<>();

    RecordingComponent(StateComponent delegate, Set<StateFeature> features, int maxOperations) {
      this.delegate = delegate;
      this.features = features;
      this.maxOperations = maxOperations;
    }

    @Override
    public Set<StateFeature> features() {
      return features;
    }

    @Override
    public StateItem<byte[]> get(GetRequest request) throws Exception {
      return delegate.get(request);
    }

    @Override
    public synchronized void set(SetRequest request) throws Exception {
      sets.add(request);
      delegate.set(request);
    }

    @Override
    public void delete(DeleteRequest request) throws Exception {
      delegate.delete(request);
    }

    @Override
    public void transact(List<StateMutation> operations, Map<String, String> metadata)
        throws Exception {
      if (!features.contains(StateFeature.TRANSACTIONAL)) {
        StateComponent.super.transact(operations, metadata);
      }
      delegate.transact(operations, metadata);
    }

    @Override
    public int maxTransactionOperations() {
      return maxOperations;
    }
  }
}
