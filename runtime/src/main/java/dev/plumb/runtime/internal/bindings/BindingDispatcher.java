package dev.plumb.runtime.internal.bindings;

import dev.plumb.api.bindings.BindingEvent;
import dev.plumb.api.bindings.BindingHandler;
import dev.plumb.api.bindings.spi.InputBindingComponent;
import dev.plumb.api.bindings.spi.ReadHandler;
import dev.plumb.runtime.internal.LoadedComponent;
import dev.plumb.runtime.internal.RuntimeContext;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ReadHandler} an input binding component calls: one per subscribed handler. Each event
 * is handed to the application's handler on the runtime's executor, never on the component's (a
 * broker client's) thread, through the component's inbound invoker (resiliency, a CONSUMER span
 * whose parent is the event's {@code traceparent}, metrics), with at most {@code maxConcurrency}
 * events in the handler at once: a component that calls from more threads waits for a slot, which
 * holds its source back. The component's thread waits for the outcome, so the component
 * acknowledges only what the handler finished, and redelivers what it threw.
 *
 * <p>Once {@link #stop()} is called, new events are refused (the component then leaves them to its
 * source to redeliver) and {@link #awaitIdle(Duration)} waits for those in flight. Thread-safe.
 */
final class BindingDispatcher implements ReadHandler {
  private static final Logger LOG = LoggerFactory.getLogger(BindingDispatcher.class);

  /**
   * The operation name of a delivery in spans ({@code bindings/handler}), metrics and messages
   * ("component 'orders' (bindings.rabbitmq): handler failed: ...").
   */
  static final String OPERATION = "handler";

  private final RuntimeContext runtime;
  private final LoadedComponent<InputBindingComponent> component;
  private final BindingHandler handler;
  private final Semaphore slots;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition idle = lock.newCondition();
  private int inFlight;
  private volatile boolean stopped;

  BindingDispatcher(
      RuntimeContext runtime,
      LoadedComponent<InputBindingComponent> component,
      BindingHandler handler,
      int maxConcurrency) {
    this.runtime = runtime;
    this.component = component;
    this.handler = handler;
    this.slots = new Semaphore(maxConcurrency, true);
  }

  @Override
  public byte[] handle(BindingEvent event) throws Exception {
    refuseIfStopped();
    slots.acquire();
    try {
      enter();
      try {
        return deliver(event);
      } finally {
        leave();
      }
    } finally {
      slots.release();
    }
  }

  private byte[] deliver(BindingEvent event) throws Exception {
    CompletableFuture<byte[]> outcome;
    // The event's trace is current while the invoker starts the delivery's span: its parent.
    Scope parent = TraceHeaders.extract(event.metadata()).makeCurrent();
    try {
      outcome =
          component
              .inbound()
              .callAsync(
                  OPERATION,
                  () -> BindingPayloads.encode(handler.handle(event), runtime.serializer()));
    } finally {
      parent.close();
    }
    try {
      return outcome.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      LOG.warn(
          "input binding '{}' ({}): the handler failed on an event ({}); the component redelivers"
              + " it where its source allows",
          component.name(),
          component.type(),
          cause.toString());
      if (cause instanceof Exception ex) {
        throw ex;
      }
      throw (Error) cause;
    }
  }

  private void refuseIfStopped() {
    if (stopped) {
      throw new IllegalStateException(
          "input binding '" + component.name() + "' is closed; the event is not delivered");
    }
  }

  private void enter() {
    lock.lock();
    try {
      refuseIfStopped();
      inFlight++;
    } finally {
      lock.unlock();
    }
  }

  private void leave() {
    lock.lock();
    try {
      if (--inFlight == 0) {
        idle.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Refuses new events from now on. */
  void stop() {
    lock.lock();
    try {
      stopped = true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until no event is in the handler, at most {@code timeout} of real time.
   *
   * @return whether the handler became idle in time
   */
  boolean awaitIdle(Duration timeout) {
    long nanos = Math.max(0, timeout.toNanos());
    lock.lock();
    try {
      while (inFlight > 0) {
        if (nanos <= 0) {
          return false;
        }
        nanos = idle.awaitNanos(nanos);
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      lock.unlock();
    }
  }

  /** The events in the handler now, for drain messages. */
  int inFlight() {
    lock.lock();
    try {
      return inFlight;
    } finally {
      lock.unlock();
    }
  }
}
