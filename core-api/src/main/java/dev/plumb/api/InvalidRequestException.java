package dev.plumb.api;

/**
 * A request is malformed: a key containing the reserved separator {@code ||}, an empty topic, a
 * non-positive lock expiry, an unrecognised concurrency model. Dapr answers these with HTTP 400 /
 * gRPC {@code InvalidArgument}. Nothing was written.
 */
public final class InvalidRequestException extends PlumbException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message names the offending field and value
   */
  public InvalidRequestException(String message) {
    super(message);
  }

  /**
   * Creates the exception with the failure that revealed it.
   *
   * @param message names the offending field and value
   * @param cause what revealed the problem, such as a parser's exception; may be {@code null}
   */
  public InvalidRequestException(String message, Throwable cause) {
    super(message, cause);
  }
}
