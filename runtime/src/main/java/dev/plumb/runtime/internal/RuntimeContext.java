package dev.plumb.runtime.internal;

import dev.plumb.api.Serializer;
import dev.plumb.api.spi.Scheduler;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Runtime-wide services shared by the registry, the facades and the engines of one {@code Plumb}
 * instance.
 *
 * @param appId the application id; may be empty
 * @param namespace the namespace ({@code NAMESPACE} environment variable by default); may be empty
 * @param serializer serializes values that are not {@code byte[]}
 * @param clock the injected clock
 * @param scheduler runs timed work on {@code clock}
 * @param executor runs asynchronous attempts and dispatch; never block one of its threads waiting
 *     for another of its tasks
 * @param blockingExecutor runs blocking work: attempts under a timeout, scheduled tasks, component
 *     starts
 * @param env looks up environment variables (injectable for tests); returns {@code null} if unset
 * @param openTelemetry where spans and metrics go
 * @param facades the instance's facades, for facades that use each other after the build
 * @param gracePeriod how long closing lets work in flight finish (deliveries of a closed
 *     subscription, the instance's drain)
 */
public record RuntimeContext(
    String appId,
    String namespace,
    Serializer serializer,
    Clock clock,
    Scheduler scheduler,
    Executor executor,
    Executor blockingExecutor,
    Function<String, String> env,
    OpenTelemetry openTelemetry,
    Facades facades,
    Duration gracePeriod) {

  /** The grace period of a context made without one: {@code Plumb}'s default. */
  public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofSeconds(5);

  /**
   * A context with its own empty facade directory and the default grace period, for tests and
   * tools.
   *
   * @param appId the application id
   * @param namespace the namespace
   * @param serializer the serializer
   * @param clock the clock
   * @param scheduler the scheduler
   * @param executor the executor of asynchronous work
   * @param blockingExecutor the executor of blocking work
   * @param env looks up environment variables
   * @param openTelemetry where spans and metrics go
   */
  public RuntimeContext(
      String appId,
      String namespace,
      Serializer serializer,
      Clock clock,
      Scheduler scheduler,
      Executor executor,
      Executor blockingExecutor,
      Function<String, String> env,
      OpenTelemetry openTelemetry) {
    this(
        appId,
        namespace,
        serializer,
        clock,
        scheduler,
        executor,
        blockingExecutor,
        env,
        openTelemetry,
        new Facades(),
        DEFAULT_GRACE_PERIOD);
  }
}
