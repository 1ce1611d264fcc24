package dev.plumb.bindings.camel;

import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import org.apache.camel.Message;

/**
 * A Camel message body as binding bytes: whatever Camel's type converters turn into bytes (bytes,
 * text, files, streams); a map, collection or array as JSON (a SQL row, a list of rows), so that
 * structured bodies stay readable; anything else as its text.
 */
final class BodyBytes {
  private BodyBytes() {}

  static byte[] of(Message message) {
    Object body = message.getBody();
    if (body == null) {
      return null;
    }
    if (!(body instanceof Map<?, ?> || body instanceof Collection<?> || isObjectArray(body))) {
      byte[] bytes = message.getBody(byte[].class);
      if (bytes != null) {
        return bytes;
      }
    }
    StringBuilder sb = new StringBuilder();
    json(body, sb);
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static boolean isObjectArray(Object o) {
    return o.getClass().isArray() && !o.getClass().getComponentType().isPrimitive();
  }

  private static void json(Object v, StringBuilder sb) {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof Boolean
        || v instanceof Integer
        || v instanceof Long
        || v instanceof Short
        || v instanceof Byte
        || v instanceof java.math.BigInteger
        || v instanceof java.math.BigDecimal) {
      sb.append(v);
    } else if (v instanceof Double d && !d.isNaN() && !d.isInfinite()
        || v instanceof Float f && !f.isNaN() && !f.isInfinite()) {
      sb.append(v);
    } else if (v instanceof Map<?, ?> map) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        sb.append(first ? "" : ",");
        first = false;
        string(String.valueOf(e.getKey()), sb);
        sb.append(':');
        json(e.getValue(), sb);
      }
      sb.append('}');
    } else if (v instanceof Collection<?> c) {
      sb.append('[');
      boolean first = true;
      for (Object o : c) {
        sb.append(first ? "" : ",");
        first = false;
        json(o, sb);
      }
      sb.append(']');
    } else if (isObjectArray(v)) {
      sb.append('[');
      for (int i = 0; i < Array.getLength(v); i++) {
        sb.append(i == 0 ? "" : ",");
        json(Array.get(v, i), sb);
      }
      sb.append(']');
    } else {
      string(String.valueOf(v), sb);
    }
  }

  private static void string(String s, StringBuilder sb) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
