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
import dev.plumb.runtime.internal.Invokers;
import dev.plumb.runtime.internal.LoadedComponent;
import dev.plumb.runtime.internal.ManualClock;
import dev.plumb.runtime.internal.RuntimeContext;
import dev.plumb.runtime.internal.TestRuntime;
import dev.plumb.runtime.internal.memory.InMemoryStateComponent;
import io.opentelemetry.api.OpenTelemetry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds facades over a real in-memory component, with a hand-moved clock. */
final class StateFixture implements AutoCloseable {
  static final String STORE = "statestore";
  static final String TYPE = "state.in-memory";

  final TestRuntime services = new TestRuntime();
  final ManualClock clock = services.clock;
  final InMemoryStateComponent memory =
      new InMemoryStateComponent(STORE, clock, services.scheduler);

  RuntimeContext runtime(String appId, String namespace) {
    return services.context(appId, namespace, OpenTelemetry.noop());
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
            ComponentMetadata.of("component '" + STORE + "'", fields),
            Invokers.direct(STORE, TYPE, services.executor),
            Invokers.direct(STORE, TYPE, services.executor)));
  }

  /** The raw stored value of a stored key, or {@code null}. */
  byte[] raw(String storedKey) {
    StateItem<byte[]> item = memory.get(GetRequest.of(storedKey));
    return item == null ? null : item.value();
  }

  @Override
  public void close() {
    memory.close();
    services.close();
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
