package dev.plumb.spring.test;

import dev.plumb.api.actors.ActorContext;
import dev.plumb.api.pubsub.DeliveryResult;
import dev.plumb.api.state.StateStore;
import dev.plumb.spring.PlumbActor;
import dev.plumb.spring.Topic;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.stereotype.Component;

/** A small application: a subscriber that stores what it gets, and an actor with a reminder. */
@SpringBootApplication
public class TestApp {

  /** A payload. */
  public record Order(String id, int amount) {}

  /** Stores orders, drops negative ones; fails the first payment. */
  @Component
  public static class OrderSubscriber {
    private final StateStore store;
    final AtomicInteger flaky = new AtomicInteger();

    public OrderSubscriber(StateStore store) {
      this.store = store;
    }

    @Topic(topic = "orders", deadLetterTopic = "orders-dlq")
    public DeliveryResult on(Order order) {
      if (order.amount() < 0) {
        return DeliveryResult.DROP;
      }
      store.save(order.id(), order);
      return DeliveryResult.SUCCESS;
    }

    /** No dead-letter topic: a failure is redelivered after the runtime's redelivery delay. */
    @Topic(topic = "payments")
    public void onPayment(Order order) {
      if (flaky.incrementAndGet() == 1) {
        throw new IllegalStateException("first delivery fails");
      }
      store.save("paid-" + order.id(), order);
    }
  }

  /** Counts the ticks of the cron input binding. */
  @Component
  public static class Ticks {
    final AtomicInteger count = new AtomicInteger();

    @dev.plumb.spring.BindingListener("ticker")
    public void onTick(dev.plumb.api.bindings.BindingEvent event) {
      count.incrementAndGet();
    }
  }

  /** An actor interface. */
  public interface Timer {
    void arm();

    int fired();
  }

  /** Counts the firings of a timer; time moves only with the test scheduler. */
  @PlumbActor(Timer.class)
  public static final class TimerActor implements Timer {
    private final ActorContext context;

    public TimerActor(ActorContext context) {
      this.context = context;
    }

    @Override
    public void arm() {
      context.registerTimer(
          "tick",
          dev.plumb.api.actors.Schedule.every(Duration.ofMinutes(1)),
          () -> context.state().set("fired", fired() + 1));
    }

    @Override
    public int fired() {
      return context.state().get("fired", Integer.class).orElse(0);
    }
  }

  /** Keeps the latest changes of the configuration store. */
  @Component
  public static class Settings {
    final java.util.List<dev.plumb.api.configuration.ConfigurationUpdate> updates =
        new java.util.concurrent.CopyOnWriteArrayList<>();

    @dev.plumb.spring.ConfigurationListener(keys = "discount")
    public void onChange(dev.plumb.api.configuration.ConfigurationUpdate update) {
      updates.add(update);
    }
  }
}
