package dev.plumb.workflow;

import dev.plumb.api.Serializer;
import dev.plumb.api.workflow.WorkflowSerializationException;
import java.lang.reflect.Type;

/** Serializes payloads with the runtime's serializer; {@code byte[]} passes as it is. */
final class Codec {
  private final Serializer serializer;

  Codec(Serializer serializer) {
    this.serializer = serializer;
  }

  /**
   * Encodes a value.
   *
   * @param what what the value is, for messages: {@code "input of activity 'x'"}
   * @return the bytes, or {@code null} for {@code null}
   * @throws WorkflowSerializationException naming {@code what} and the value's class
   */
  byte[] encode(Object value, String what) {
    if (value == null) {
      return null;
    }
    if (value instanceof byte[]) {
      return (byte[]) value;
    }
    try {
      return serializer.serialize(value);
    } catch (RuntimeException e) {
      throw new WorkflowSerializationException(
          "cannot serialize the " + what + " (a " + value.getClass().getName() + "): " + e, e);
    }
  }

  /**
   * Decodes a value.
   *
   * @return the value, or {@code null} for {@code null} bytes or a void type
   * @throws WorkflowSerializationException naming {@code what} and the type
   */
  Object decode(byte[] data, Type type, String what) {
    if (data == null || type == void.class || type == Void.class) {
      return null;
    }
    if (type == byte[].class) {
      return data;
    }
    try {
      return serializer.deserialize(data, type);
    } catch (RuntimeException e) {
      throw new WorkflowSerializationException(
          "cannot read the " + what + " as " + type.getTypeName() + ": " + e, e);
    }
  }
}
