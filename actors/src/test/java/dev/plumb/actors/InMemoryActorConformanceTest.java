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
import dev.plumb.runtime.Plumb;
import dev.plumb.runtime.spi.Providers;
import dev.plumb.testkit.actors.ActorConformanceKit;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the actor conformance kit on {@code state.in-memory}. The in-memory store lives as long as
 * its component, so the kit's restart scenarios share one component between the {@code Plumb}
 * instances of a scenario through a provider that hands out the same one.
 */
class InMemoryActorConformanceTest extends ActorConformanceKit {
  private final SharedProvider provider = new SharedProvider();

  @Override
  protected void addActorStateStore(Plumb.Builder builder) {
    builder
        .provider(provider)
        .component("actorstore", SharedProvider.TYPE, Map.of("actorStateStore", "true"));
  }

  @Override
  protected StateComponent rawStore() {
    return provider.shared();
  }

  /** {@code state.in-memory}, created once with the first instance's context and never closed. */
  static final class SharedProvider implements ComponentProvider<StateComponent> {
    static final String TYPE = "state.shared-in-memory";
    private StateComponent shared;

    @Override
    public String type() {
      return TYPE;
    }

    @Override
    public Class<StateComponent> componentClass() {
      return StateComponent.class;
    }

    synchronized StateComponent shared() {
      return shared;
    }

    @Override
    public synchronized StateComponent create(ComponentContext context) throws Exception {
      if (shared == null) {
        shared =
            (StateComponent)
                Providers.find("state.in-memory", "v1", getClass().getClassLoader())
                    .orElseThrow()
                    .create(context);
      }
      StateComponent s = shared;
      // Every instance sees the same store; closing one instance leaves it for the next.
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
          s.transact(operations, metadata);
        }
      };
    }
  }
}
