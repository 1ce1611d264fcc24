package dev.plumb.api.state;

import dev.plumb.api.PlumbException;

/**
 * An etag is not of the form the store issues (not a number for a store that counts versions, for
 * example). Nothing was written. Dapr: HTTP 400 / gRPC {@code InvalidArgument}.
 */
public final class ETagInvalidException extends PlumbException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message names the store, the key and the etag
   */
  public ETagInvalidException(String message) {
    super("invalid etag value: " + message);
  }
}
