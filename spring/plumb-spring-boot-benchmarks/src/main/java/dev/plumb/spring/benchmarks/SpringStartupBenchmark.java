package dev.plumb.spring.benchmarks;

import dev.plumb.api.actors.ActorContext;
import dev.plumb.spring.PlumbActor;
import dev.plumb.spring.Topic;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * Start-up of one Spring Boot context, with Plumb (ten in-memory components, two {@code @Topic}
 * methods, one actor type) and without it ({@code plumb.enabled=false}, the same beans otherwise):
 * the difference is what the starter adds. Each invocation starts a fresh context in a warm JVM.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10)
@Measurement(iterations = 30)
@Fork(1)
public class SpringStartupBenchmark {

  /** With or without Plumb. */
  @Param({"true", "false"})
  public boolean plumb;

  private ConfigurableApplicationContext context;

  /**
   * Starts the context.
   *
   * @return the context, closed after the invocation
   */
  @Benchmark
  public ConfigurableApplicationContext start() {
    context =
        new SpringApplicationBuilder(BenchApp.class)
            .web(WebApplicationType.NONE)
            .logStartupInfo(false)
            .properties(
                "spring.main.banner-mode=off",
                "plumb.enabled=" + plumb,
                "plumb.app-id=bench",
                "plumb.resources.paths=classpath:bench-components/",
                "plumb.shutdown-grace-period=0s")
            .run();
    return context;
  }

  /** Closes the context started by the invocation. */
  @TearDown(Level.Invocation)
  public void close() {
    context.close();
  }

  /** The application: a handler bean and an actor, as the order service has. */
  @SpringBootApplication
  public static class BenchApp {}

  /** Two subscriptions. */
  @Component
  public static class Handlers {
    /**
     * Handles orders.
     *
     * @param order the payload
     */
    @Topic(pubsub = "orderpubsub", topic = "orders")
    public void onOrder(String order) {}

    /**
     * Handles notifications.
     *
     * @param note the payload
     */
    @Topic(pubsub = "notifications", topic = "notes")
    public void onNote(String note) {}
  }

  /** An actor interface. */
  public interface Counter {
    /**
     * Adds one.
     *
     * @return the count
     */
    int next();
  }

  /** The actor. */
  @PlumbActor(Counter.class)
  public static final class CounterActor implements Counter {
    private final ActorContext context;

    /**
     * Builds the actor.
     *
     * @param context its context
     */
    public CounterActor(ActorContext context) {
      this.context = context;
    }

    @Override
    public int next() {
      int n = context.state().get("n", Integer.class).orElse(0) + 1;
      context.state().set("n", n);
      return n;
    }
  }
}
