package dev.plumb.bindings.rabbitmq;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The test broker ({@code PLUMB_RABBITMQ_URL}, {@code amqp://guest:guest@127.0.0.1:5672} by
 * default): metadata for a fresh queue, and a raw connection to inspect and delete it. A broker
 * that is down fails the test, naming the address and the variable.
 */
final class RabbitMqTestBroker {
  static final String URL =
      System.getenv().getOrDefault("PLUMB_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672");

  private RabbitMqTestBroker() {}

  static String queue() {
    return "plumb-it-" + UUID.randomUUID();
  }

  static Map<String, String> metadata(String queue) {
    Map<String, String> md = new HashMap<>();
    md.put("host", URL);
    md.put("queueName", queue);
    return md;
  }

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

  static void delete(String queue) throws Exception {
    try (Connection c = connect();
        Channel ch = c.createChannel()) {
      ch.queueDelete(queue);
    }
  }
}
