package dev.plumb.actors;

import dev.plumb.api.Serializer;
import dev.plumb.api.actors.ActorSerializationException;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Set;
import java.util.UUID;

/**
 * Moves values between callers and actors through the runtime's serializer, as they would travel
 * between processes: the receiver gets its own copy, and a value the serializer cannot handle fails
 * in every deployment, not only once actors span JVMs. Values of immutable JDK types (strings,
 * boxed primitives, enums, {@code java.time}, {@link UUID}, big numbers) pass as they are, which is
 * what makes a typical call cost no serialization at all. {@code byte[]} values are the serialized
 * form itself, as everywhere in Plumb. Thread-safe.
 */
final class Codec {
  private static final Set<Class<?>> IMMUTABLE =
      Set.of(
          String.class,
          Boolean.class,
          Character.class,
          Byte.class,
          Short.class,
          Integer.class,
          Long.class,
          Float.class,
          Double.class,
          BigDecimal.class,
          BigInteger.class,
          UUID.class);

  private final Serializer serializer;

  Codec(Serializer serializer) {
    this.serializer = serializer;
  }

  /**
   * Copies a value into a declared type.
   *
   * @param value the value; may be {@code null}
   * @param target the type the receiver declared
   * @param what what the value is, for messages: {@code "argument of Cart.addItem"}
   * @return the copy, or the value itself if immutable and already of that type
   * @throws ActorSerializationException naming {@code what} and the value's class
   */
  Object copy(Object value, Type target, String what) {
    if (value == null || target == void.class || target == Void.class) {
      return null;
    }
    if (target == byte[].class) {
      return value instanceof byte[] ? ((byte[]) value).clone() : encode(value, what);
    }
    if (value instanceof byte[]) {
      return decode((byte[]) value, target, what);
    }
    if (isImmutable(value) && fits(value, target)) {
      return value;
    }
    return decode(encode(value, what), target, what);
  }

  /**
   * Serializes a value; {@code byte[]} stays as it is.
   *
   * @param value the value; not {@code null}
   * @param what what the value is, for messages
   * @return the bytes
   * @throws ActorSerializationException naming {@code what} and the value's class
   */
  byte[] encode(Object value, String what) {
    if (value instanceof byte[]) {
      return (byte[]) value;
    }
    try {
      return serializer.serialize(value);
    } catch (RuntimeException e) {
      throw new ActorSerializationException(
          what + ": a " + value.getClass().getName() + " cannot be serialized (" + e + ")", e);
    }
  }

  /**
   * Reads bytes as a type; {@code byte[].class} takes them as they are.
   *
   * @param bytes the bytes
   * @param type the type
   * @param what what the value is, for messages
   * @param <T> the type
   * @return the value
   * @throws ActorSerializationException naming {@code what} and the type
   */
  @SuppressWarnings("unchecked")
  <T> T decode(byte[] bytes, Type type, String what) {
    if (type == byte[].class) {
      return (T) bytes;
    }
    try {
      return serializer.deserialize(bytes, type);
    } catch (RuntimeException e) {
      throw new ActorSerializationException(
          what + ": cannot be read as " + type.getTypeName() + " (" + e.getClass().getName() + ")",
          e);
    }
  }

  private static boolean isImmutable(Object value) {
    Class<?> c = value.getClass();
    return IMMUTABLE.contains(c) || value instanceof Enum || "java.time".equals(c.getPackageName());
  }

  private static boolean fits(Object value, Type target) {
    if (!(target instanceof Class)) {
      return false;
    }
    Class<?> c = (Class<?>) target;
    return c.isInstance(value) || (c.isPrimitive() && boxOf(c) == value.getClass());
  }

  private static Class<?> boxOf(Class<?> primitive) {
    if (primitive == int.class) {
      return Integer.class;
    } else if (primitive == long.class) {
      return Long.class;
    } else if (primitive == boolean.class) {
      return Boolean.class;
    } else if (primitive == double.class) {
      return Double.class;
    } else if (primitive == float.class) {
      return Float.class;
    } else if (primitive == char.class) {
      return Character.class;
    } else if (primitive == short.class) {
      return Short.class;
    }
    return Byte.class;
  }
}
