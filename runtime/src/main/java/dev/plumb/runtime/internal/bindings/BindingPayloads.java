package dev.plumb.runtime.internal.bindings;

import dev.plumb.api.Serializer;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

/**
 * How binding data crosses between the application's objects and a component's bytes: {@code
 * byte[]} as is, a {@code String} as its UTF-8 text (bindings talk to external systems, where text
 * is text, not a JSON string literal), anything else through the runtime's serializer.
 */
final class BindingPayloads {
  private static final byte[] NONE = new byte[0];

  private BindingPayloads() {}

  static byte[] encode(Object data, Serializer serializer) {
    if (data == null) {
      return NONE;
    }
    if (data instanceof byte[] bytes) {
      return bytes;
    }
    if (data instanceof String text) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
    return serializer.serialize(data);
  }

  static <T> T decode(byte[] data, Class<T> type, Serializer serializer) {
    if (data == null) {
      return null;
    }
    if (type == byte[].class) {
      return type.cast(data);
    }
    if (type == String.class) {
      return type.cast(new String(data, StandardCharsets.UTF_8));
    }
    return serializer.deserialize(data, (Type) type);
  }
}
