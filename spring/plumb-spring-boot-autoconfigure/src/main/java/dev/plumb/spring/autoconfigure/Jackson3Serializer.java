package dev.plumb.spring.autoconfigure;

import dev.plumb.api.SerializationException;
import dev.plumb.api.Serializer;
import java.lang.reflect.Type;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Plumb's values as JSON through the application's Jackson 3 mapper, Spring Boot 4's default. */
final class Jackson3Serializer implements Serializer {
  private final JsonMapper mapper;

  Jackson3Serializer(JsonMapper mapper) {
    this.mapper = mapper;
  }

  @Override
  public byte[] serialize(Object value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (JacksonException e) {
      throw new SerializationException(
          "cannot serialize a " + value.getClass().getName() + " as JSON", e);
    }
  }

  @Override
  public <T> T deserialize(byte[] data, Type type) {
    try {
      return mapper.readValue(data, mapper.getTypeFactory().constructType(type));
    } catch (JacksonException e) {
      throw new SerializationException("cannot read stored JSON as " + type.getTypeName(), e);
    }
  }

  @Override
  public String contentType() {
    return "application/json";
  }
}
