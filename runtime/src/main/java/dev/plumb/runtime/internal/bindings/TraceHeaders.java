package dev.plumb.runtime.internal.bindings;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.HashMap;
import java.util.Map;

/**
 * W3C trace context in binding metadata, as daprd passes it: {@code traceparent} and {@code
 * tracestate} added to an output request's metadata (components with headers send them on), and
 * read from an input event's metadata as the parent of the delivery's span.
 */
final class TraceHeaders {
  private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

  private static final TextMapGetter<Map<String, String>> GETTER =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
          return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
          return carrier == null ? null : carrier.get(key);
        }
      };

  private TraceHeaders() {}

  /**
   * Returns request metadata with the current span's context added, unless the application set
   * {@code traceparent} itself (as daprd's gRPC API keeps the caller's).
   *
   * @param metadata the application's metadata
   * @return {@code metadata} itself when there is no valid current span or it already has one
   */
  static Map<String, String> inject(Map<String, String> metadata) {
    if (metadata.containsKey("traceparent")) {
      return metadata;
    }
    Context current = Context.current();
    if (!Span.fromContext(current).getSpanContext().isValid()) {
      // Nothing to propagate (no tracing, or no span): the W3C propagator would write nothing.
      return metadata;
    }
    Map<String, String> headers = new HashMap<>(4);
    W3C.inject(current, headers, Map::put);
    if (headers.isEmpty()) {
      return metadata;
    }
    Map<String, String> with = new HashMap<>(metadata);
    with.putAll(headers);
    return with;
  }

  /**
   * Returns the context whose span is the parent of an event's delivery: the event's {@code
   * traceparent}, if it has a valid one, else the current context.
   *
   * @param metadata the event's metadata
   * @return the parent context
   */
  static Context extract(Map<String, String> metadata) {
    if (!metadata.containsKey("traceparent")) {
      return Context.current();
    }
    return W3C.extract(Context.current(), metadata, GETTER);
  }
}
