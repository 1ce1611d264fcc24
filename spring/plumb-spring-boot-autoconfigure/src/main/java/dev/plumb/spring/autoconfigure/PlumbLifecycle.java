package dev.plumb.spring.autoconfigure;

import dev.plumb.api.Subscription;
import dev.plumb.runtime.Plumb;
import dev.plumb.spring.DeliveryListener;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import org.springframework.context.SmartLifecycle;

/**
 * Opens the runtime's intake once the context is refreshed (every bean built, every handler found)
 * and closes it, draining work in flight, before the web server stops: its phase is the last to
 * start and the first to stop, ahead of the web server's graceful shutdown.
 */
final class PlumbLifecycle implements SmartLifecycle {
  private final Plumb plumb;
  private final PlumbHandlers handlers;
  private final List<DeliveryListener> listeners;
  private final ObservationRegistry observations;
  private List<Subscription> configuration = List.of();
  private volatile boolean running;

  PlumbLifecycle(
      Plumb plumb,
      PlumbHandlers handlers,
      List<DeliveryListener> listeners,
      ObservationRegistry observations) {
    this.plumb = plumb;
    this.handlers = handlers;
    this.listeners = listeners;
    this.observations = observations;
  }

  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    handlers.open(plumb, listeners, observations);
    plumb.start();
    // After the start, as @ConfigurationListener promises: its handlers may use every component.
    configuration = handlers.openConfiguration(plumb);
    running = true;
  }

  @Override
  public synchronized void stop() {
    PlumbHandlers.closeAll(configuration, null);
    configuration = List.of();
    // Stops intake, drains deliveries in flight up to the grace period, closes the components.
    plumb.close();
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE;
  }
}
