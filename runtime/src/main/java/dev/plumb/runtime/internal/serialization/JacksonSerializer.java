package dev.plumb.runtime.internal.serialization;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
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
 * strings; unknown properties are ignored on read so stored documents may grow.
 *
 * <p>Jackson reads under limits it does not apply when writing ({@link StreamReadConstraints}: 20
 * million characters per string, 1,000 digits per number, 1,000 levels of nesting by default), so a
 * document that could exceed one is read back once after writing, and refused if it cannot be: a
 * value is never stored that no read could return. Documents too short to exceed any limit skip the
 * check. Thread-safe.
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
    byte[] json;
    try {
      json = mapper.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new SerializationException(
          "cannot serialize a " + value.getClass().getName() + " as JSON", e);
    }
    StreamReadConstraints limits = mapper.getFactory().streamReadConstraints();
    long shortestProblem =
        Math.min(
            Math.min(limits.getMaxStringLength(), limits.getMaxNumberLength()),
            Math.min(limits.getMaxNameLength(), 2L * limits.getMaxNestingDepth()));
    // The document length limit is left out: Jackson does not apply it to a byte[] source, which
    // is how every stored document is read back (and its default, -1, would match every length).
    if (json.length > shortestProblem) {
      checkReadable(json, value);
    }
    return json;
  }

  /** Reads every token of a written document under the mapper's read limits. */
  private void checkReadable(byte[] json, Object value) {
    try (JsonParser p = mapper.getFactory().createParser(json)) {
      while (p.nextToken() != null) {
        if (p.currentToken() == JsonToken.VALUE_STRING) {
          // Materializing the string is what applies the length limit, as a read would.
          p.getText();
        } else if (p.currentToken().isNumeric()) {
          p.getNumberValue();
        }
      }
    } catch (StreamConstraintsException e) {
      throw new SerializationException(
          "a "
              + value.getClass().getName()
              + " serialized to JSON that could not be read back: "
              + e.getOriginalMessage()
              + "; raise the limit in the StreamReadConstraints of an ObjectMapper given to"
              + " Plumb.builder().objectMapper(...), or store the value as a byte[]",
          e);
    } catch (IOException e) {
      throw new SerializationException(
          "a " + value.getClass().getName() + " serialized to JSON that does not parse", e);
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
