package dev.plumb.api.configuration;

/**
 * A running configuration subscription. Closing it unsubscribes, as {@link
 * ConfigurationStore#unsubscribe(String)} with its {@link #id()} does. Thread-safe.
 */
public interface ConfigurationSubscription extends AutoCloseable {

  /**
   * Returns the subscription's id, as the component issued it.
   *
   * @return the id carried by every {@link ConfigurationUpdate} of this subscription
   */
  String id();

  /** Unsubscribes. Idempotent; never throws: failures are logged. */
  @Override
  void close();
}
