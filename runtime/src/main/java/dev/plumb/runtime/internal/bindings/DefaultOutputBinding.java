package dev.plumb.runtime.internal.bindings;

import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.UnsupportedFeatureException;
import dev.plumb.api.bindings.AsyncOutputBinding;
import dev.plumb.api.bindings.BindingResponse;
import dev.plumb.api.bindings.OutputBinding;
import dev.plumb.api.bindings.spi.InvokeRequest;
import dev.plumb.api.bindings.spi.OutputBindingComponent;
import dev.plumb.runtime.internal.LoadedComponent;
import dev.plumb.runtime.internal.RuntimeContext;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The {@link OutputBinding} facade over one output binding component: refuses an operation the
 * component does not list before anything is sent (daprd's check), turns the data into bytes (see
 * {@link BindingPayloads}), adds the trace context to the request metadata inside the call's span,
 * and calls the component through its outbound invoker (resiliency, CLIENT span, metrics). A
 * request the component refuses ({@link InvalidRequestException}) is reported with the binding's
 * name and type. Thread-safe; the {@link #async()} view shares everything with this one.
 */
public final class DefaultOutputBinding implements OutputBinding {
  private final RuntimeContext runtime;
  private final LoadedComponent<OutputBindingComponent> component;
  private final Set<String> operations;
  private final String describe;
  private final AsyncOutputBinding async = new AsyncView();

  /**
   * Creates the facade.
   *
   * @param runtime the runtime services (serializer)
   * @param component the output binding component
   */
  public DefaultOutputBinding(
      RuntimeContext runtime, LoadedComponent<OutputBindingComponent> component) {
    this.runtime = Objects.requireNonNull(runtime, "runtime");
    this.component = Objects.requireNonNull(component, "component");
    this.operations = Set.copyOf(component.component().operations());
    this.describe = "output binding '" + component.name() + "' (" + component.type() + ")";
  }

  @Override
  public String name() {
    return component.name();
  }

  @Override
  public Set<String> operations() {
    return operations;
  }

  @Override
  public BindingResponse invoke(String operation, Object data) {
    return invoke(operation, data, Map.of());
  }

  @Override
  public BindingResponse invoke(String operation, Object data, Map<String, String> metadata) {
    InvokeRequest request = request(operation, data, metadata);
    return component.outbound().call(operation, () -> send(request));
  }

  @Override
  public <T> T invoke(
      String operation, Object data, Map<String, String> metadata, Class<T> responseType) {
    Objects.requireNonNull(responseType, "responseType");
    BindingResponse response = invoke(operation, data, metadata);
    return BindingPayloads.decode(response.data(), responseType, runtime.serializer());
  }

  @Override
  public AsyncOutputBinding async() {
    return async;
  }

  private InvokeRequest request(String operation, Object data, Map<String, String> metadata) {
    Objects.requireNonNull(operation, "operation");
    if (!operations.contains(operation)) {
      throw new UnsupportedFeatureException(
          describe
              + " does not support operation '"
              + operation
              + "'; supported operations: "
              + String.join(", ", new TreeSet<>(operations)));
    }
    return new InvokeRequest(
        operation,
        BindingPayloads.encode(data, runtime.serializer()),
        metadata == null ? Map.of() : metadata);
  }

  /** Runs inside the invoker, so the current span is this call's. */
  private BindingResponse send(InvokeRequest request) throws Exception {
    Map<String, String> metadata = TraceHeaders.inject(request.metadata());
    // Without a span to propagate the request is sent as it is, not copied again.
    InvokeRequest traced =
        metadata == request.metadata()
            ? request
            : new InvokeRequest(request.operation(), request.data(), metadata);
    BindingResponse response;
    try {
      response = component.component().invoke(traced);
    } catch (InvalidRequestException e) {
      throw new InvalidRequestException(describe + ": " + e.getMessage(), e);
    } catch (UnsupportedFeatureException e) {
      UnsupportedFeatureException named =
          new UnsupportedFeatureException(describe + ": " + e.getMessage());
      named.initCause(e);
      throw named;
    }
    return response == null ? BindingResponse.EMPTY : response;
  }

  @Override
  public String toString() {
    return "OutputBinding[" + name() + ", " + component.type() + "]";
  }

  /**
   * The asynchronous view: the same calls through the invoker's asynchronous path. An invalid
   * request fails the stage without reaching the invoker, as the blocking call throws.
   */
  private final class AsyncView implements AsyncOutputBinding {
    @Override
    public CompletionStage<BindingResponse> invoke(String operation, Object data) {
      return invoke(operation, data, Map.of());
    }

    @Override
    public CompletionStage<BindingResponse> invoke(
        String operation, Object data, Map<String, String> metadata) {
      InvokeRequest request;
      try {
        request = request(operation, data, metadata);
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
      return component.outbound().callAsync(operation, () -> send(request));
    }

    @Override
    public <T> CompletionStage<T> invoke(
        String operation, Object data, Map<String, String> metadata, Class<T> responseType) {
      Objects.requireNonNull(responseType, "responseType");
      return invoke(operation, data, metadata)
          .thenApply(r -> BindingPayloads.decode(r.data(), responseType, runtime.serializer()));
    }

    @Override
    public String toString() {
      return "AsyncOutputBinding[" + name() + "]";
    }
  }
}
