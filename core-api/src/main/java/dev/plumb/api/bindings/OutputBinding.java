package dev.plumb.api.bindings;

import java.util.Map;
import java.util.Set;

/**
 * An output binding component, as the application sees it: invokes an operation on an external
 * system (send a message, put an object, run a statement). Data goes to the component as bytes:
 * {@code byte[]} as is, a {@code String} as its UTF-8 text, anything else serialized with the
 * runtime's {@link dev.plumb.api.Serializer} (JSON by default). Inside a trace, the request
 * metadata also carries {@code traceparent} (and {@code tracestate}), which components with headers
 * pass on, as Dapr does.
 *
 * <p>Thread-safe. Every method blocks until the component answers; {@link #async()} offers the same
 * calls returning {@link java.util.concurrent.CompletionStage}s. Errors: {@link
 * dev.plumb.api.UnsupportedFeatureException} for an operation the component does not list (nothing
 * is sent); {@link dev.plumb.api.InvalidRequestException} for a request the component refuses
 * before sending anything (a missing {@code sql} or {@code key}), naming the binding, the operation
 * and the field; {@link BindingException} when the external system answers with an error; {@link
 * dev.plumb.api.ComponentException} when it or the component fails otherwise (Dapr's {@code
 * ERR_INVOKE_OUTPUT_BINDING}).
 */
public interface OutputBinding {

  /**
   * Returns the component's name.
   *
   * @return {@code metadata.name}
   */
  String name();

  /**
   * Returns the operations the component supports.
   *
   * @return an immutable set, such as {@code create}, {@code get}; see {@link BindingOperations}
   */
  Set<String> operations();

  /**
   * Invokes an operation without metadata.
   *
   * @param operation the operation, such as {@link BindingOperations#CREATE}
   * @param data the data; may be {@code null} for none
   * @return the answer; never {@code null}
   */
  BindingResponse invoke(String operation, Object data);

  /**
   * Invokes an operation.
   *
   * @param operation the operation
   * @param data the data; may be {@code null} for none
   * @param metadata request metadata, such as a key, a path or headers; may be {@code null}
   * @return the answer; never {@code null}
   */
  BindingResponse invoke(String operation, Object data, Map<String, String> metadata);

  /**
   * Invokes an operation and deserializes the answer's data.
   *
   * @param operation the operation
   * @param data the data; may be {@code null} for none
   * @param metadata request metadata
   * @param responseType the answer's type; {@code byte[].class} returns the bytes, {@code
   *     String.class} their UTF-8 text, any other type is deserialized
   * @param <T> the answer's type
   * @return the answer's data, or {@code null} if there is none
   * @throws dev.plumb.api.SerializationException if the data cannot be read as {@code responseType}
   */
  <T> T invoke(String operation, Object data, Map<String, String> metadata, Class<T> responseType);

  /**
   * Returns the asynchronous view of this binding.
   *
   * @return a view sharing this binding's component
   */
  AsyncOutputBinding async();
}
