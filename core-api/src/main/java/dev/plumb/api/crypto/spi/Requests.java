package dev.plumb.api.crypto.spi;

import dev.plumb.api.InvalidRequestException;
import java.util.Objects;

/** Validation and descriptions shared by the crypto request records. */
final class Requests {
  private Requests() {}

  static byte[] requireBytes(byte[] value, String name) {
    return Objects.requireNonNull(value, name);
  }

  static String requireName(String value, String name) {
    if (value == null || value.isEmpty()) {
      throw new InvalidRequestException("missing property '" + name + "'");
    }
    return value;
  }

  /** Describes an array by its size, never its content: requests carry keys and plaintext. */
  static String size(byte[] value) {
    return value == null ? "none" : value.length + " bytes";
  }
}
