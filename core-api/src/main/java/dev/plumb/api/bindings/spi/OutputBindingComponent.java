package dev.plumb.api.bindings.spi;

import dev.plumb.api.bindings.BindingResponse;
import java.util.Set;

/**
 * The provider SPI of an output binding: Dapr's component contract ({@code OutputBinding}). Sees
 * raw bytes; serialization, resiliency and telemetry are the runtime's. The bindings conformance
 * kit in {@code plumb-testkit} defines what a correct implementation does. Implementations must be
 * thread-safe.
 */
public interface OutputBindingComponent extends AutoCloseable {

  /**
   * Returns the operations the component supports, in Dapr's spelling (lower case).
   *
   * @return an immutable set, such as {@code create}, {@code get}, {@code delete}, {@code list}
   */
  Set<String> operations();

  /**
   * Checks the connection to the external system.
   *
   * @throws Exception if it cannot be reached
   */
  default void ping() throws Exception {}

  /**
   * Invokes one operation.
   *
   * @param request the operation, bytes and metadata
   * @return the answer, or {@code null} for none
   * @throws dev.plumb.api.UnsupportedFeatureException if the operation is not supported
   * @throws Exception if the external system fails
   */
  BindingResponse invoke(InvokeRequest request) throws Exception;

  /**
   * Releases connections. Called once, when Plumb closes; the default does nothing. Failures are
   * the component's to log: Plumb goes on closing the others.
   */
  @Override
  default void close() {}
}
