package dev.plumb.testkit.engine;

import dev.plumb.api.state.spi.SetRequest;
import dev.plumb.api.state.spi.StateComponent;
import dev.plumb.runtime.spi.ComponentHandle;
import dev.plumb.runtime.spi.Document;
import dev.plumb.runtime.spi.Engine;
import dev.plumb.runtime.spi.EngineContext;
import dev.plumb.runtime.spi.PlumbModule;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small engine module plugged in through the runtime SPI only (listed in this module's test
 * {@code META-INF/services}), as {@code plumb-actors} will be: it reaches components through their
 * invokers, keeps a periodic task on the runtime's scheduler and reads the loaded documents.
 */
public final class ProbeModule implements PlumbModule {
  /** Creates the module; called by {@link java.util.ServiceLoader}. */
  public ProbeModule() {}

  @Override
  public String name() {
    return "probe";
  }

  @Override
  public Engine create(EngineContext context) {
    return new ProbeEngine(context);
  }

  private static final class ProbeEngine implements Engine, Probe {
    private final EngineContext context;
    private final List<String> ticks = new CopyOnWriteArrayList<>();
    private final List<String> lifecycle = new CopyOnWriteArrayList<>();

    ProbeEngine(EngineContext context) {
      this.context = context;
      lifecycle.add("created");
      context
          .scheduler()
          .every(Duration.ofMinutes(1), () -> ticks.add(context.clock().instant().toString()));
    }

    @Override
    public <T> Optional<T> api(Class<T> api) {
      return api == Probe.class ? Optional.of(api.cast(this)) : Optional.empty();
    }

    @Override
    public void write(String component, String key, byte[] value) {
      ComponentHandle<StateComponent> c =
          context.component(component, StateComponent.class).orElseThrow();
      c.outbound()
          .call(
              "set",
              () -> {
                c.component().set(SetRequest.of(key, value));
                return null;
              });
    }

    @Override
    public List<String> subscribedTopics() {
      return context.documents("Subscription").stream()
          .map(Document::spec)
          .map(spec -> String.valueOf(spec.get("topic")))
          .toList();
    }

    @Override
    public List<String> ticks() {
      return List.copyOf(ticks);
    }

    @Override
    public List<String> lifecycle() {
      return List.copyOf(lifecycle);
    }

    @Override
    public void start() {
      lifecycle.add("start");
    }

    @Override
    public void drain(Duration timeout) {
      lifecycle.add("drain");
    }

    @Override
    public void close() {
      lifecycle.add("close");
    }
  }
}
