package dev.plumb.api.bindings.spi;

/**
 * A binding that is both input and output, such as a queue that is read and written (Dapr's {@code
 * InputOutputBinding}): one component serves both blocks. Which of them a component serves is
 * decided by its {@code direction} metadata ({@code input}, {@code output} or {@code input,
 * output}; both when absent); reading starts only when the application subscribes a handler, so an
 * output-only use opens no consumer. Providers of such components return this interface from {@code
 * componentClass()}.
 */
public interface InputOutputBindingComponent extends InputBindingComponent, OutputBindingComponent {

  /**
   * Checks the connection to the external system; the default does nothing.
   *
   * @throws Exception if it cannot be reached
   */
  @Override
  default void ping() throws Exception {}

  /**
   * Stops reading and releases connections. Called once, when Plumb closes; the default does
   * nothing. Failures are the component's to log.
   */
  @Override
  default void close() {}
}
