package dev.plumb.runtime.internal.serialization;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.plumb.api.SerializationException;
import dev.plumb.api.Serializer;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Objects;

/**
 * The default {@link Serializer}: JSON through Jackson, as Dapr stores values (a string {@code
 * hello} is stored as {@code "hello"}, 123 as {@code 123}). Java time types are written as ISO-8601
 * strings; unknown properties are ignored on read so stored documents may grow. Thread-safe.
 */
public final class JacksonSerializer implements Serializer {
  private final ObjectMapper mapper;

  /** Creates a serializer with Plumb's default mapper. */
  public JacksonSerializer() {
    this(defaultMapper());
  }

  /**
   * Creates a serializer over a caller's mapper.
   *
   * @param mapper the mapper; not modified
   */
  public JacksonSerializer(ObjectMapper mapper) {
    this.mapper = Objects.requireNonNull(mapper, "mapper");
  }

  /**
   * Returns the mapper Plumb uses by default.
   *
   * @return a new mapper
   */
  public static ObjectMapper defaultMapper() {
    return new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  @Override
  public byte[] serialize(Object value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new SerializationException(
          "cannot serialize a " + value.getClass().getName() + " as JSON", e);
    }
  }

  @Override
  public <T> T deserialize(byte[] data, Type type) {
    JavaType javaType = mapper.getTypeFactory().constructType(type);
    try {
      return mapper.readValue(data, javaType);
    } catch (IOException e) {
      throw new SerializationException("cannot read stored JSON as " + javaType, e);
    }
  }

  @Override
  public String contentType() {
    return "application/json";
  }
}
