package dev.plumb.api.secrets;

import dev.plumb.api.PlumbException;

/**
 * The {@code Configuration} resource's secret scopes deny this app the secret. Dapr: {@code
 * ERR_PERMISSION_DENIED}, HTTP 403.
 */
public final class SecretAccessDeniedException extends PlumbException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message {@code access denied by policy to get "name" from "store"}
   */
  public SecretAccessDeniedException(String message) {
    super(message);
  }
}
