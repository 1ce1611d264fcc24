package dev.plumb.api.state;

import dev.plumb.api.PlumbException;

/**
 * A write or delete lost an optimistic-concurrency race: the etag did not match, the key was gone,
 * or a first-write found the key already there. Nothing was written. Dapr: HTTP 409 / gRPC {@code
 * Aborted}. Permanent: resiliency never retries it; read again and retry the whole
 * read-modify-write instead.
 */
public final class ETagMismatchException extends PlumbException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message names the store and the key
   */
  public ETagMismatchException(String message) {
    super("possible etag mismatch. error from state store: " + message);
  }
}
