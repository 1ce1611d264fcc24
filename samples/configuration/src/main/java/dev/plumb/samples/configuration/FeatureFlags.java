package dev.plumb.samples.configuration;

import dev.plumb.api.Subscription;
import dev.plumb.api.configuration.ConfigurationItem;
import dev.plumb.api.configuration.ConfigurationStore;
import dev.plumb.runtime.Plumb;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.JedisPooled;

/**
 * A service that reacts to configuration changes made in Redis: it reads its feature flag from
 * Dapr's Redis configuration store ({@code components/appconfig.yaml}), subscribes to it, and
 * applies each change as an operator makes it. The operator is played by the sample itself, with
 * the {@code redis-cli} commands it prints; with {@code -Dsample.watchSeconds=60} it then keeps
 * listening, so you can change the flag yourself.
 */
public final class FeatureFlags {
  private static final String FLAG = "checkout.new-flow";

  private FeatureFlags() {}

  /**
   * Runs the sample.
   *
   * @param args unused
   * @throws Exception if Redis cannot be reached or a change does not arrive
   */
  public static void main(String[] args) throws Exception {
    String redisHost = System.getProperty("sample.redisHost", "localhost:6379");
    URI redis = URI.create("redis://" + redisHost);
    try (JedisPooled operator = new JedisPooled(redis.getHost(), redis.getPort());
        Plumb plumb =
            Plumb.builder()
                .appId("checkout")
                .resources(Path.of("components"))
                .env(name -> name.equals("REDIS_HOST") ? redisHost : System.getenv(name))
                .build()) {
      operator.set(FLAG, "off||1");
      ConfigurationStore config = plumb.configurationStore("appconfig");
      ConfigurationItem flag = config.get(FLAG).get(FLAG);
      System.out.println(
          "start: " + FLAG + " = " + flag.value() + " (version " + flag.version() + ")");

      BlockingQueue<ConfigurationItem> changes = new LinkedBlockingQueue<>();
      Subscription watch =
          config.subscribe(
              List.of(FLAG),
              update -> {
                ConfigurationItem item = update.items().get(FLAG);
                System.out.println(
                    item.isEmpty()
                        ? "change: " + FLAG + " was deleted; back to the default (off)"
                        : "change: "
                            + FLAG
                            + " = "
                            + item.value()
                            + " (version "
                            + item.version()
                            + ")");
                changes.add(item);
              });
      try {
        change(changes, "SET " + FLAG + " \"on||2\"", () -> operator.set(FLAG, "on||2"));
        change(changes, "DEL " + FLAG, () -> operator.del(FLAG));
        long watchSeconds = Long.getLong("sample.watchSeconds", 0);
        if (watchSeconds > 0) {
          System.out.println(
              "listening "
                  + watchSeconds
                  + " s: try redis-cli -h "
                  + redis.getHost()
                  + " -p "
                  + redis.getPort()
                  + " SET "
                  + FLAG
                  + " \"on||3\"");
          TimeUnit.SECONDS.sleep(watchSeconds);
        }
      } finally {
        watch.close();
      }
      System.out.println("current items: " + config.get());
    }
  }

  /** Makes one operator change and waits for the service to see it. */
  private static void change(BlockingQueue<ConfigurationItem> changes, String cli, Runnable write)
      throws InterruptedException {
    System.out.println("operator: redis-cli " + cli);
    write.run();
    if (changes.poll(10, TimeUnit.SECONDS) == null) {
      throw new IllegalStateException(
          "the change did not arrive: does the server allow CONFIG SET, or have"
              + " notify-keyspace-events Kg$xe on?");
    }
  }
}
