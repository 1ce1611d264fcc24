package dev.plumb.actors;

import dev.plumb.api.ComponentException;
import dev.plumb.api.PlumbException;
import dev.plumb.api.spi.ComponentMetadata;
import dev.plumb.api.state.spi.StateComponent;
import dev.plumb.runtime.spi.ComponentHandle;
import dev.plumb.runtime.spi.Invoker;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/** Component handles for tests that run engine parts without a {@code Plumb}. */
final class Handles {
  private Handles() {}

  /** A handle whose invokers call the component directly, wrapping failures as the runtime does. */
  static ComponentHandle<StateComponent> direct(StateComponent c, ComponentMetadata metadata) {
    Invoker direct =
        new Invoker() {
          @Override
          public <T> T call(String operation, Callable<T> call) {
            try {
              return call.call();
            } catch (PlumbException e) {
              throw e;
            } catch (Exception e) {
              throw new ComponentException("actorstore", "state.in-memory", operation, e);
            }
          }

          @Override
          public <T> CompletableFuture<T> callAsync(String operation, Callable<T> call) {
            return CompletableFuture.supplyAsync(() -> call(operation, call));
          }
        };
    return new ComponentHandle<>() {
      @Override
      public String name() {
        return "actorstore";
      }

      @Override
      public String type() {
        return "state.in-memory";
      }

      @Override
      public String version() {
        return "v1";
      }

      @Override
      public StateComponent component() {
        return c;
      }

      @Override
      public ComponentMetadata metadata() {
        return metadata;
      }

      @Override
      public Invoker outbound() {
        return direct;
      }

      @Override
      public Invoker inbound() {
        return direct;
      }
    };
  }
}
