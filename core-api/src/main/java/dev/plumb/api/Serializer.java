package dev.plumb.api;

import java.lang.reflect.Type;

/**
 * Turns values into bytes and back, for state values, event payloads and binding data. The default
 * is JSON through Jackson. {@code byte[]} values never reach a serializer: Plumb stores them as
 * they are, exactly as Dapr does.
 *
 * <p>Implementations must be thread-safe.
 */
public interface Serializer {

  /**
   * Serializes a value.
   *
   * @param value the value; may be {@code null}, which serializes to the format's null
   * @return the encoded bytes, never {@code null}
   * @throws SerializationException if the value cannot be encoded
   */
  byte[] serialize(Object value);

  /**
   * Deserializes bytes into a value of the given type.
   *
   * @param data the encoded bytes; not {@code null}
   * @param type the target type, a {@link Class} or a parameterized type
   * @param <T> the value's type
   * @return the decoded value; {@code null} if the bytes encode null
   * @throws SerializationException if the bytes cannot be decoded as {@code type}
   */
  <T> T deserialize(byte[] data, Type type);

  /**
   * Returns the media type of the serialized form.
   *
   * @return for example {@code application/json}
   */
  String contentType();
}
