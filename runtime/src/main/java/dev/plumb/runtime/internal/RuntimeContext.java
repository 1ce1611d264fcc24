package dev.plumb.runtime.internal;

import dev.plumb.api.Serializer;
import dev.plumb.api.spi.Scheduler;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Clock;
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
    OpenTelemetry openTelemetry) {}
