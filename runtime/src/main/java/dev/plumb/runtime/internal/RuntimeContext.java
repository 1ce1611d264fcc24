package dev.plumb.runtime.internal;

import dev.plumb.api.Serializer;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

/**
 * Runtime-wide services shared by the registry and every facade of one {@code Plumb} instance.
 *
 * @param appId the application id; may be empty
 * @param namespace the namespace ({@code NAMESPACE} environment variable by default); may be empty
 * @param serializer serializes values that are not {@code byte[]}
 * @param clock the injected clock
 * @param executor runs blocking calls for the async APIs (virtual threads where the JVM has them)
 * @param scheduler runs timed background work
 * @param env looks up environment variables (injectable for tests); returns {@code null} if unset
 */
public record RuntimeContext(
    String appId,
    String namespace,
    Serializer serializer,
    Clock clock,
    ExecutorService executor,
    ScheduledExecutorService scheduler,
    Function<String, String> env) {}
