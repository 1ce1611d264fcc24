package dev.plumb.actors;

import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.ComponentProvider;
import dev.plumb.api.state.StateFeature;
import dev.plumb.api.state.StateItem;
import dev.plumb.api.state.spi.DeleteRequest;
import dev.plumb.api.state.spi.GetRequest;
import dev.plumb.api.state.spi.SetRequest;
import dev.plumb.api.state.spi.StateComponent;
import dev.plumb.api.state.spi.StateMutation;
import dev.plumb.runtime.spi.Providers;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code state.recording}: {@code state.in-memory} that records every transaction and can be made
 * to fail the next ones, for tests of what the actor runtime writes.
 */
final class RecordingStore implements ComponentProvider<StateComponent> {
  static final String TYPE = "state.recording";

  /** One transaction as the component received it. */
  record Transaction(List<StateMutation> operations, Map<String, String> metadata) {}

  final List<Transaction> transactions = new CopyOnWriteArrayList<>();
  final AtomicInteger failNext = new AtomicInteger();
  volatile int maxOperations;
  volatile StateComponent inner;

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Class<StateComponent> componentClass() {
    return StateComponent.class;
  }

  @Override
  public StateComponent create(ComponentContext context) throws Exception {
    inner =
        (StateComponent)
            Providers.find("state.in-memory", "v1", getClass().getClassLoader())
                .orElseThrow()
                .create(context);
    StateComponent s = inner;
    return new StateComponent() {
      @Override
      public Set<StateFeature> features() {
        return s.features();
      }

      @Override
      public StateItem<byte[]> get(GetRequest request) throws Exception {
        return s.get(request);
      }

      @Override
      public void set(SetRequest request) throws Exception {
        s.set(request);
      }

      @Override
      public void delete(DeleteRequest request) throws Exception {
        s.delete(request);
      }

      @Override
      public void transact(List<StateMutation> operations, Map<String, String> metadata)
          throws Exception {
        if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          throw new java.io.IOException("planned store failure");
        }
        transactions.add(new Transaction(List.copyOf(operations), Map.copyOf(metadata)));
        s.transact(operations, metadata);
      }

      @Override
      public int maxTransactionOperations() {
        return maxOperations;
      }

      @Override
      public void close() {
        s.close();
      }
    };
  }
}
