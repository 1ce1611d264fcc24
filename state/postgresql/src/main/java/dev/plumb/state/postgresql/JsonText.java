package dev.plumb.state.postgresql;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Small strict JSON helpers for the v1 {@code jsonb} layout: deciding whether bytes can be stored
 * as {@code jsonb} (valid UTF-8, valid JSON, no {@code \u0000} which {@code jsonb} rejects), and
 * writing query literals.
 */
final class JsonText {
  private final String s;
  private int i;

  private JsonText(String s) {
    this.s = s;
  }

  /**
   * Returns the bytes as a string if they are one JSON value that {@code jsonb} accepts.
   *
   * @return the text, or {@code null} if the bytes must be stored as binary
   */
  static String asJsonb(byte[] bytes) {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
    if (text.indexOf('\0') >= 0 || text.contains("\\u0000")) {
      return null;
    }
    JsonText p = new JsonText(text);
    try {
      p.ws();
      p.value(0);
      p.ws();
      return p.i == text.length() ? text : null;
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      return null;
    }
  }

  private void value(int depth) {
    if (depth > 500) {
      throw new IllegalArgumentException("too deep");
    }
    char c = s.charAt(i);
    switch (c) {
      case '{' -> {
        i++;
        ws();
        if (s.charAt(i) == '}') {
          i++;
          return;
        }
        while (true) {
          ws();
          string();
          ws();
          expect(':');
          ws();
          value(depth + 1);
          ws();
          if (s.charAt(i) == ',') {
            i++;
          } else {
            expect('}');
            return;
          }
        }
      }
      case '[' -> {
        i++;
        ws();
        if (s.charAt(i) == ']') {
          i++;
          return;
        }
        while (true) {
          ws();
          value(depth + 1);
          ws();
          if (s.charAt(i) == ',') {
            i++;
          } else {
            expect(']');
            return;
          }
        }
      }
      case '"' -> string();
      case 't' -> literal("true");
      case 'f' -> literal("false");
      case 'n' -> literal("null");
      default -> number();
    }
  }

  private void string() {
    expect('"');
    while (true) {
      char c = s.charAt(i++);
      if (c == '"') {
        return;
      }
      if (c < 0x20) {
        throw new IllegalArgumentException("control character");
      }
      if (c == '\\') {
        char e = s.charAt(i++);
        if (e == 'u') {
          for (int k = 0; k < 4; k++) {
            if (Character.digit(s.charAt(i++), 16) < 0) {
              throw new IllegalArgumentException("bad escape");
            }
          }
        } else if ("\"\\/bfnrt".indexOf(e) < 0) {
          throw new IllegalArgumentException("bad escape");
        }
      }
    }
  }

  private void number() {
    int start = i;
    if (s.charAt(i) == '-') {
      i++;
    }
    if (s.charAt(i) == '0') {
      i++;
    } else {
      digits();
    }
    if (i < s.length() && s.charAt(i) == '.') {
      i++;
      digits();
    }
    if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (s.charAt(i) == '+' || s.charAt(i) == '-') {
        i++;
      }
      digits();
    }
    if (i == start) {
      throw new IllegalArgumentException("not a value");
    }
  }

  private void digits() {
    int start = i;
    while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
    }
    if (i == start) {
      throw new IllegalArgumentException("digit expected");
    }
  }

  private void literal(String word) {
    if (!s.startsWith(word, i)) {
      throw new IllegalArgumentException("not a literal");
    }
    i += word.length();
  }

  private void expect(char c) {
    if (s.charAt(i++) != c) {
      throw new IllegalArgumentException("expected " + c);
    }
  }

  private void ws() {
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        i++;
      } else {
        return;
      }
    }
  }

  /**
   * Writes a filter value as a JSON literal.
   *
   * @param v a {@link String}, {@link Number}, {@link Boolean}, {@code null}, or a list or map of
   *     those
   */
  static String literal(Object v) {
    StringBuilder b = new StringBuilder();
    write(b, v);
    return b.toString();
  }

  private static void write(StringBuilder b, Object v) {
    if (v == null) {
      b.append("null");
    } else if (v instanceof Boolean || v instanceof Number) {
      b.append(v);
    } else if (v instanceof List<?> list) {
      b.append('[');
      for (int k = 0; k < list.size(); k++) {
        if (k > 0) {
          b.append(',');
        }
        write(b, list.get(k));
      }
      b.append(']');
    } else if (v instanceof Map<?, ?> map) {
      b.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!first) {
          b.append(',');
        }
        first = false;
        quote(b, String.valueOf(e.getKey()));
        b.append(':');
        write(b, e.getValue());
      }
      b.append('}');
    } else {
      quote(b, v.toString());
    }
  }

  private static void quote(StringBuilder b, String s) {
    b.append('"');
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }
}
