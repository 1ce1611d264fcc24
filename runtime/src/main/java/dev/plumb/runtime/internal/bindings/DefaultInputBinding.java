package dev.plumb.runtime.internal.bindings;

import dev.plumb.api.Subscription;
import dev.plumb.api.bindings.BindingHandler;
import dev.plumb.api.bindings.InputBinding;
import dev.plumb.api.bindings.InputBindingOptions;
import dev.plumb.api.bindings.spi.InputBindingComponent;
import dev.plumb.runtime.internal.Invokers;
import dev.plumb.runtime.internal.LoadedComponent;
import dev.plumb.runtime.internal.RuntimeContext;
import dev.plumb.runtime.spi.Lifecycle;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link InputBinding} facade over one input binding component, and its part in the instance's
 * lifecycle: the component reads only while a handler is subscribed and the instance is started (a
 * handler subscribed before {@link #start()} opens the reader then; one subscribed after, at once),
 * each subscription getting its own {@link BindingDispatcher}. {@link #drain(Duration)} refuses new
 * events, closes the reader and waits for the events in the handler; {@link #close()} closes what
 * is still open. Thread-safe: subscriptions may come from any thread; the lifecycle methods are
 * called once each, in order, by {@code Plumb}.
 */
public final class DefaultInputBinding implements InputBinding, Lifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(DefaultInputBinding.class);

  private final RuntimeContext runtime;
  private final LoadedComponent<InputBindingComponent> component;
  private final boolean explicitInput;
  // A lock rather than synchronized: opening a reader connects, and must not pin a virtual thread.
  private final ReentrantLock lock = new ReentrantLock();
  private Reading reading;
  private boolean started;
  private boolean closed;

  /** A subscribed handler: its dispatcher, and the component's reader once opened. */
  private static final class Reading {
    final BindingDispatcher dispatcher;
    Subscription reader;

    Reading(BindingDispatcher dispatcher) {
      this.dispatcher = dispatcher;
    }
  }

  /**
   * Creates the facade.
   *
   * @param runtime the runtime services (executor, serializer)
   * @param component the input binding component
   */
  public DefaultInputBinding(
      RuntimeContext runtime, LoadedComponent<InputBindingComponent> component) {
    this.runtime = Objects.requireNonNull(runtime, "runtime");
    this.component = Objects.requireNonNull(component, "component");
    this.explicitInput = component.metadata().has("direction");
  }

  @Override
  public String name() {
    return component.name();
  }

  @Override
  public Subscription subscribe(BindingHandler handler) {
    return subscribe(handler, InputBindingOptions.DEFAULT);
  }

  @Override
  public Subscription subscribe(BindingHandler handler, InputBindingOptions options) {
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(options, "options");
    Reading r;
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("input binding '" + name() + "' is closed");
      }
      if (reading != null) {
        throw new IllegalStateException(
            "input binding '"
                + name()
                + "' already has a handler; close its subscription before subscribing another");
      }
      r = new Reading(new BindingDispatcher(runtime, component, handler, options.maxConcurrency()));
      reading = r;
      if (started) {
        try {
          open(r);
        } catch (RuntimeException e) {
          reading = null;
          throw e;
        }
      }
    } finally {
      lock.unlock();
    }
    return () -> unsubscribe(r);
  }

  /** Opens the component's reader; called under the lock. */
  private void open(Reading r) {
    try {
      r.reader = Objects.requireNonNull(component.component().read(r.dispatcher), "reader");
    } catch (Exception e) {
      r.dispatcher.stop();
      throw Invokers.wrap(component.name(), component.type(), "read", e);
    }
    LOG.debug("input binding '{}' ({}): reading", name(), component.type());
  }

  private void unsubscribe(Reading r) {
    lock.lock();
    try {
      if (reading != r) {
        return;
      }
      reading = null;
    } finally {
      lock.unlock();
    }
    r.dispatcher.stop();
    closeReader(r);
  }

  @Override
  public void start() {
    lock.lock();
    try {
      started = true;
      if (reading != null) {
        open(reading);
        return;
      }
    } finally {
      lock.unlock();
    }
    if (explicitInput) {
      LOG.warn(
          "input binding '{}' ({}) has direction input, but no handler subscribed before the start;"
              + " it reads nothing until one does",
          name(),
          component.type());
    } else {
      LOG.info("input binding '{}': no handler is subscribed; nothing is read", name());
    }
  }

  @Override
  public void drain(Duration timeout) {
    Reading r;
    lock.lock();
    try {
      closed = true;
      r = reading;
    } finally {
      lock.unlock();
    }
    if (r == null) {
      return;
    }
    long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
    r.dispatcher.stop();
    closeReader(r);
    if (!r.dispatcher.awaitIdle(Duration.ofNanos(deadline - System.nanoTime()))) {
      LOG.warn(
          "input binding '{}': {} event(s) still in the handler after the grace period; closing",
          name(),
          r.dispatcher.inFlight());
    }
  }

  @Override
  public void close() {
    Reading r;
    lock.lock();
    try {
      closed = true;
      r = reading;
      reading = null;
    } finally {
      lock.unlock();
    }
    if (r != null) {
      r.dispatcher.stop();
      closeReader(r);
    }
  }

  private void closeReader(Reading r) {
    Subscription reader;
    lock.lock();
    try {
      reader = r.reader;
      r.reader = null;
    } finally {
      lock.unlock();
    }
    if (reader != null) {
      try {
        reader.close();
      } catch (RuntimeException e) {
        LOG.warn("input binding '{}': closing the reader failed: {}", name(), e.toString());
      }
    }
  }

  @Override
  public String toString() {
    return "InputBinding[" + name() + ", " + component.type() + "]";
  }
}
