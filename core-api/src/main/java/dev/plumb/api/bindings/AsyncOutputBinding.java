package dev.plumb.api.bindings;

import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The asynchronous view of an {@link OutputBinding}: the same calls, returning stages that complete
 * when the component answers, or exceptionally with the exception the blocking call would throw.
 * Stages complete on a runtime thread; do not block in their callbacks. Thread-safe.
 */
public interface AsyncOutputBinding {

  /**
   * Invokes an operation without metadata; see {@link OutputBinding#invoke(String, Object)}.
   *
   * @param operation the operation, such as {@link BindingOperations#CREATE}
   * @param data the data; may be {@code null} for none
   * @return the answer; never {@code null}
   */
  CompletionStage<BindingResponse> invoke(String operation, Object data);

  /**
   * Invokes an operation; see {@link OutputBinding#invoke(String, Object, Map)}.
   *
   * @param operation the operation
   * @param data the data; may be {@code null} for none
   * @param metadata request metadata, such as a key, a path or headers
   * @return the answer; never {@code null}
   */
  CompletionStage<BindingResponse> invoke(
      String operation, Object data, Map<String, String> metadata);

  /**
   * Invokes an operation and deserializes the answer's data; see {@link
   * OutputBinding#invoke(String, Object, Map, Class)}.
   *
   * @param operation the operation
   * @param data the data; may be {@code null} for none
   * @param metadata request metadata
   * @param responseType the answer's type; {@code byte[].class} returns the bytes, {@code
   *     String.class} their UTF-8 text
   * @param <T> the answer's type
   * @return the answer's data, or {@code null} if there is none
   */
  <T> CompletionStage<T> invoke(
      String operation, Object data, Map<String, String> metadata, Class<T> responseType);
}
