package dev.plumb.workflow;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.ConfigurationException;
import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.ComponentProvider;
import dev.plumb.api.state.StateFeature;
import dev.plumb.api.state.StateItem;
import dev.plumb.api.state.spi.DeleteRequest;
import dev.plumb.api.state.spi.GetRequest;
import dev.plumb.api.state.spi.SetRequest;
import dev.plumb.api.state.spi.StateComponent;
import dev.plumb.api.workflow.WorkflowDefinition;
import dev.plumb.runtime.Plumb;
import dev.plumb.runtime.spi.Providers;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A store marked {@code actorStateStore: "true"} without ETAG and TRANSACTIONAL (such as {@code
 * state.azure.tablestorage}, which has etags but no transactions) is refused when {@code Plumb} is
 * built, with an error naming the component and what it has, before the engine would choose it as
 * the generic workflow store (the runtime's actor state store rule, which the workflow engine
 * relies on).
 */
class ActorStateStoreFeaturesTest {

  /** {@code state.etag-only}: {@code state.in-memory} that declares etags but no transactions. */
  static final class EtagOnlyStore implements ComponentProvider<StateComponent> {
    @Override
    public String type() {
      return "state.etag-only";
    }

    @Override
    public Class<StateComponent> componentClass() {
      return StateComponent.class;
    }

    @Override
    public StateComponent create(ComponentContext context) throws Exception {
      StateComponent s =
          (StateComponent)
              Providers.find("state.in-memory", "v1", getClass().getClassLoader())
                  .orElseThrow()
                  .create(context);
      return new StateComponent() {
        @Override
        public Set<StateFeature> features() {
          return Set.of(StateFeature.ETAG);
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
        public void close() {
          s.close();
        }
      };
    }
  }

  @Test
  void aMarkedStoreWithoutTransactionsIsRefusedNamingTheComponentAndTheMissingFeature() {
    assertThatThrownBy(
            () ->
                Plumb.builder()
                    .appId("features")
                    .provider(new EtagOnlyStore())
                    .component("tables", "state.etag-only", Map.of("actorStateStore", "true"))
                    .workflow(
                        WorkflowDefinition.of("W", String.class, String.class, (ctx, in) -> in))
                    .build()
                    .close())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("component 'tables'")
        .hasMessageContaining("actorStateStore")
        .hasMessageContaining("needs the ETAG and TRANSACTIONAL features; this store has [ETAG]");
  }
}
