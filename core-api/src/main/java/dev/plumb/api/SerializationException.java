package dev.plumb.api;

/** A value could not be serialized, or stored bytes could not be read as the requested type. */
public final class SerializationException extends PlumbException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message names the type and, where known, the key or topic
   * @param cause the serializer's exception
   */
  public SerializationException(String message, Throwable cause) {
    super(message, cause);
  }
}
