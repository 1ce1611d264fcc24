package dev.plumb.api;

/**
 * The component does not support the requested operation (a transaction on a store without the
 * {@code TRANSACTIONAL} feature, a query on one without {@code QUERY_API}). Check the component's
 * features first to avoid it.
 */
public final class UnsupportedFeatureException extends PlumbException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message names the component and the missing feature
   */
  public UnsupportedFeatureException(String message) {
    super(message);
  }
}
