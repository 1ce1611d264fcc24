package dev.plumb.api.crypto;

import dev.plumb.api.InvalidRequestException;
import java.util.Locale;

/**
 * The algorithms {@code dapr.io/enc/v1} wraps a document's file key with, with their names and the
 * numeric ids written in the document's manifest.
 */
public enum KeyWrapAlgorithm {
  /** AES key wrap with a 256-bit key (id 1); alias {@code AES}. */
  A256KW("A256KW", 1),
  /** AES-128-CBC without padding (id 2). */
  A128CBC_NOPAD("A128CBC-NOPAD", 2),
  /** AES-192-CBC without padding (id 3). */
  A192CBC_NOPAD("A192CBC-NOPAD", 3),
  /** AES-256-CBC without padding (id 4). */
  A256CBC_NOPAD("A256CBC-NOPAD", 4),
  /** RSA-OAEP with SHA-256 (id 5); alias {@code RSA}. */
  RSA_OAEP_256("RSA-OAEP-256", 5);

  private final String daprName;
  private final int id;

  KeyWrapAlgorithm(String daprName, int id) {
    this.daprName = daprName;
    this.id = id;
  }

  /**
   * Returns the JWA name passed to the component's {@code wrapKey}.
   *
   * @return for example {@code RSA-OAEP-256}
   */
  public String daprName() {
    return daprName;
  }

  /**
   * Returns the id written in the manifest.
   *
   * @return 1 to 5
   */
  public int id() {
    return id;
  }

  /**
   * Parses a name as Dapr does: without regard to case, {@code AES} meaning {@code A256KW} and
   * {@code RSA} meaning {@code RSA-OAEP-256}.
   *
   * @param name the algorithm's name
   * @return the algorithm
   * @throws InvalidRequestException if the name is missing or not supported
   */
  public static KeyWrapAlgorithm fromDapr(String name) {
    if (name == null || name.isEmpty()) {
      throw new InvalidRequestException("missing property 'keyWrapAlgorithm'");
    }
    String upper = name.toUpperCase(Locale.ROOT);
    switch (upper) {
      case "AES":
        return A256KW;
      case "RSA":
        return RSA_OAEP_256;
      default:
        for (KeyWrapAlgorithm a : values()) {
          if (a.daprName.equals(upper)) {
            return a;
          }
        }
        throw new InvalidRequestException("algorithm " + name + " is not supported");
    }
  }

  /**
   * Returns the algorithm with a manifest id.
   *
   * @param id the id read from a document
   * @return the algorithm
   * @throws CryptoException if no algorithm has that id
   */
  public static KeyWrapAlgorithm fromId(int id) {
    for (KeyWrapAlgorithm a : values()) {
      if (a.id == id) {
        return a;
      }
    }
    throw new CryptoException("algorithm ID " + id + " is not supported");
  }
}
