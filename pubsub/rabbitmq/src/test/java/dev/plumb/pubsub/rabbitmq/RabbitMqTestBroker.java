package dev.plumb.pubsub.rabbitmq;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

/**
 * The shared test broker ({@code PLUMB_RABBITMQ_URL}, {@code amqp://guest:guest@127.0.0.1:5672} by
 * default). A broker that is down fails the test, naming the address and the variable.
 */
final class RabbitMqTestBroker {
  static final String URL =
      System.getenv().getOrDefault("PLUMB_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672");

  private RabbitMqTestBroker() {}

  /** A raw connection, failing loudly when the broker is down. */
  static Connection connect() throws Exception {
    ConnectionFactory f = new ConnectionFactory();
    f.setUri(URL);
    try {
      return f.newConnection();
    } catch (Exception e) {
      throw new IllegalStateException(
          "RabbitMQ is not reachable at "
              + f.getHost()
              + ":"
              + f.getPort()
              + (System.getenv("PLUMB_RABBITMQ_URL") == null
                  ? " (the default; PLUMB_RABBITMQ_URL is not set)"
                  : " (from PLUMB_RABBITMQ_URL)")
              + ": start it, or point PLUMB_RABBITMQ_URL at a running broker",
          e);
    }
  }
}
