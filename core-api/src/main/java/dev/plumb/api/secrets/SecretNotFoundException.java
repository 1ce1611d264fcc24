package dev.plumb.api.secrets;

import dev.plumb.api.PlumbException;

/** The secret store has no secret of that name. */
public final class SecretNotFoundException extends PlumbException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message names the store and the secret, never its value
   */
  public SecretNotFoundException(String message) {
    super(message);
  }
}
