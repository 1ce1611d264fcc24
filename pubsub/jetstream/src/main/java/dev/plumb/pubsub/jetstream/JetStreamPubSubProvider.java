package dev.plumb.pubsub.jetstream;

import dev.plumb.api.pubsub.spi.PubSubComponent;
import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.ComponentMetadata;
import dev.plumb.api.spi.ComponentProvider;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamOptions;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code pubsub.jetstream} provider (version {@code v1}): NATS JetStream through jnats, with
 * Dapr's metadata ({@code natsURL}, {@code token}, {@code jwt}/{@code seedKey}, {@code streamName},
 * {@code durableName}, {@code queueGroupName}, {@code deliverPolicy}, {@code ackWait}, {@code
 * maxDeliver}, {@code backOff}, {@code flowControl}, {@code heartbeat}, {@code concurrencyMode},
 * ...). Each subscription is a durable push consumer per consumer group, so replicas of one app
 * share the messages. See {@code docs/components/pubsub-jetstream.md}.
 *
 * <p>Stateless and thread-safe; discovered through {@link java.util.ServiceLoader}.
 */
public final class JetStreamPubSubProvider implements ComponentProvider<PubSubComponent> {
  private static final Logger LOG = LoggerFactory.getLogger(JetStreamPubSubProvider.class);

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public JetStreamPubSubProvider() {}

  @Override
  public String type() {
    return "pubsub.jetstream";
  }

  @Override
  public Class<PubSubComponent> componentClass() {
    return PubSubComponent.class;
  }

  /**
   * Reads the metadata and connects to NATS; the connection reconnects on its own for as long as
   * the component lives.
   *
   * @param context the component's name, metadata and runtime services
   * @return the component
   * @throws dev.plumb.api.ConfigurationException if the metadata is invalid
   * @throws IOException if NATS cannot be reached
   * @throws InterruptedException if interrupted while connecting
   */
  @Override
  public PubSubComponent create(ComponentContext context) throws IOException, InterruptedException {
    ComponentMetadata md = context.metadata();
    JetStreamSettings settings = JetStreamSettings.read(md);
    md.validate();
    Connection connection = Nats.connect(options(context.name(), settings));
    JetStreamOptions.Builder js = JetStreamOptions.builder();
    settings.domain.ifPresent(js::domain);
    settings.apiPrefix.ifPresent(js::prefix);
    return new JetStreamPubSubComponent(context, settings, connection, js.build());
  }

  static Options options(String component, JetStreamSettings s) {
    Options.Builder o =
        new Options.Builder()
            .server(s.natsUrl)
            .connectionName(s.name)
            .connectionTimeout(Duration.ofSeconds(5))
            // A broker restart is an outage to ride out, never the end of the component.
            .maxReconnects(-1)
            .reconnectWait(Duration.ofMillis(500))
            .errorListener(new Errors(component))
            .connectionListener(
                (conn, event) -> {
                  // Losing and regaining the server is worth an operator's attention; the rest
                  // (opened, closed, servers discovered) is routine.
                  if (event == ConnectionListener.Events.DISCONNECTED
                      || event == ConnectionListener.Events.RECONNECTED) {
                    LOG.info("pub/sub '{}': NATS connection {}", component, event);
                  } else {
                    LOG.debug("pub/sub '{}': NATS connection {}", component, event);
                  }
                });
    if (s.jwt.isPresent() && s.seedKey.isPresent()) {
      o.authHandler(
          Nats.staticCredentials(s.jwt.get().toCharArray(), s.seedKey.get().toCharArray()));
    } else if (s.token.isPresent()) {
      o.token(s.token.get().toCharArray());
    }
    return o.build();
  }

  /** Logs what jnats reports asynchronously, naming the component. */
  private static final class Errors implements ErrorListener {
    private final String component;

    Errors(String component) {
      this.component = component;
    }

    @Override
    public void errorOccurred(Connection conn, String error) {
      LOG.warn("pub/sub '{}': NATS error: {}", component, error);
    }

    @Override
    public void exceptionOccurred(Connection conn, Exception exp) {
      LOG.warn("pub/sub '{}': NATS connection problem: {}", component, exp.toString());
    }
  }
}
