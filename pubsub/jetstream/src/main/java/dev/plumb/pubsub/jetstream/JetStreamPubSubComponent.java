package dev.plumb.pubsub.jetstream;

import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.Subscription;
import dev.plumb.api.pubsub.PubSubFeature;
import dev.plumb.api.pubsub.spi.MessageHandler;
import dev.plumb.api.pubsub.spi.PubSubComponent;
import dev.plumb.api.pubsub.spi.PublishRequest;
import dev.plumb.api.pubsub.spi.SubscribeRequest;
import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.RequestMetadata;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.PublishOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.support.JsonParseException;
import io.nats.client.support.JsonParser;
import io.nats.client.support.JsonValue;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * {@code pubsub.jetstream}: a publish is one JetStream publish, returning once the stream stored
 * the message (the server's {@code PubAck}); a CloudEvent's {@code id} becomes the {@code
 * Nats-Msg-Id}, so JetStream drops a repeated publish within the stream's duplicate window, as in
 * Dapr. Metadata entries become message headers.
 *
 * <p>Streams: the stream that captures the topic's subject ({@code streamName}, else looked up by
 * subject); if there is none, one named after the topic is created (Dapr leaves that to the
 * operator). Each subscription is a durable push consumer of that stream filtered on the topic,
 * named {@code durableName} (else after {@code consumerID} and the topic), delivering to a queue
 * group ({@code queueGroupName}, else the durable's name), so that the members of one consumer
 * group share its messages; see {@link JetStreamSubscription}. Thread-safe; the only threads are
 * jnats'.
 */
final class JetStreamPubSubComponent implements PubSubComponent {
  /** The JetStream error code for "stream not found". */
  private static final int STREAM_NOT_FOUND = 10059;

  private final String name;
  private final JetStreamSettings settings;
  private final Connection connection;
  private final JetStream jetStream;
  private final JetStreamManagement management;
  private final Map<String, String> streams = new ConcurrentHashMap<>();
  private final Set<JetStreamSubscription> subscriptions = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  JetStreamPubSubComponent(
      ComponentContext context,
      JetStreamSettings settings,
      Connection connection,
      JetStreamOptions options)
      throws IOException {
    this.name = context.name();
    this.settings = settings;
    this.connection = connection;
    this.jetStream = connection.jetStream(options);
    this.management = connection.jetStreamManagement(options);
  }

  @Override
  public Set<PubSubFeature> features() {
    return Set.of();
  }

  @Override
  public void ping() throws Exception {
    checkOpen();
    management.getAccountStatistics();
  }

  @Override
  public void publish(PublishRequest request) throws Exception {
    checkOpen();
    stream(request.topic());
    Headers headers = headers(request.metadata(), request.contentType());
    String id = cloudEventId(request.data());
    PublishOptions options = id == null ? null : PublishOptions.builder().messageId(id).build();
    jetStream.publish(request.topic(), headers, request.data(), options);
  }

  private static Headers headers(Map<String, String> metadata, String contentType) {
    if (metadata.isEmpty() && contentType == null) {
      return null;
    }
    Headers h = new Headers();
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      try {
        h.put(e.getKey(), e.getValue());
      } catch (IllegalArgumentException ex) {
        throw new InvalidRequestException(
            "publish: metadata '"
                + e.getKey()
                + "' cannot be a NATS header (printable ASCII names and values, no line breaks)");
      }
    }
    if (contentType != null
        && RequestMetadata.get(metadata, RequestMetadata.CONTENT_TYPE).isEmpty()) {
      h.put(RequestMetadata.CONTENT_TYPE, contentType);
    }
    return h;
  }

  /** The top-level {@code id} of a JSON object (a CloudEvent), else {@code null}. */
  static String cloudEventId(byte[] data) {
    int i = 0;
    while (i < data.length && Character.isWhitespace(data[i])) {
      i++;
    }
    if (i == data.length || data[i] != '{') {
      return null;
    }
    try {
      JsonValue v = JsonParser.parse(data);
      JsonValue id = v.map == null ? null : v.map.get("id");
      return id == null || id.string == null || id.string.isEmpty() ? null : id.string;
    } catch (JsonParseException | RuntimeException e) {
      return null; // not JSON after all: published without deduplication, as in Dapr
    }
  }

  /** The stream that stores a topic, found or created once per topic. */
  String stream(String topic) throws IOException, JetStreamApiException {
    String known = streams.get(topic);
    if (known != null) {
      return known;
    }
    String stream;
    if (settings.streamName.isPresent()) {
      stream = settings.streamName.get();
      try {
        management.getStreamInfo(stream);
      } catch (JetStreamApiException e) {
        if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
          throw e;
        }
        create(stream, topic);
      }
    } else {
      List<String> found = management.getStreamNames(topic);
      stream = found.isEmpty() ? create(Names.of(topic), topic) : found.get(0);
    }
    streams.put(topic, stream);
    return stream;
  }

  private String create(String stream, String topic) throws IOException, JetStreamApiException {
    StreamConfiguration config =
        StreamConfiguration.builder()
            .name(stream)
            .subjects(topic)
            .storageType(StorageType.File)
            .build();
    try {
      management.addStream(config);
    } catch (JetStreamApiException e) {
      // Another member created it at the same time (same config: no error), or a stream that
      // captures the subject appeared; look again before giving up.
      List<String> found = management.getStreamNames(topic);
      if (found.isEmpty()) {
        throw e;
      }
      return found.get(0);
    }
    return stream;
  }

  @Override
  public Subscription subscribe(SubscribeRequest request, MessageHandler handler) throws Exception {
    checkOpen();
    String topic = request.topic();
    String durable;
    if (settings.durableName.isPresent()) {
      durable = settings.durableName.get();
    } else if (!settings.consumerId.isEmpty()) {
      durable = Names.of(settings.consumerId + "-" + topic);
    } else {
      throw new IllegalStateException(
          "pub/sub '"
              + name
              + "': subscribing needs metadata 'consumerID' or 'durableName' (the runtime sets"
              + " consumerID to the app id when the app has one)");
    }
    String stream = stream(topic);
    String group = settings.queueGroupName.orElse(durable);
    String deliverSubject = "_PLUMB.DELIVER." + Names.of(stream) + "." + Names.of(durable);
    management.addOrUpdateConsumer(
        stream, consumer(topic, durable, deliverSubject, group, request.maxInFlight()));
    JetStreamSubscription s =
        new JetStreamSubscription(
            name,
            connection,
            topic,
            deliverSubject,
            group,
            request.maxInFlight(),
            settings.ackPolicy != JetStreamSettings.AckPolicy.NONE,
            settings.parallel ? null : topic,
            handler,
            subscriptions::remove);
    subscriptions.add(s);
    s.start();
    return s;
  }

  private ConsumerConfiguration consumer(
      String topic, String durable, String deliverSubject, String group, int maxInFlight) {
    ConsumerConfiguration.Builder b =
        ConsumerConfiguration.builder()
            .durable(durable)
            .deliverSubject(deliverSubject)
            .deliverGroup(group)
            .filterSubject(topic)
            .deliverPolicy(
                switch (settings.deliverPolicy) {
                  case ALL -> DeliverPolicy.All;
                  case LAST -> DeliverPolicy.Last;
                  case NEW -> DeliverPolicy.New;
                  case SEQUENCE -> DeliverPolicy.ByStartSequence;
                  case TIME -> DeliverPolicy.ByStartTime;
                })
            .ackPolicy(
                switch (settings.ackPolicy) {
                  case EXPLICIT -> AckPolicy.Explicit;
                  case ALL -> AckPolicy.All;
                  case NONE -> AckPolicy.None;
                });
    if (settings.deliverPolicy == JetStreamSettings.DeliverPolicy.SEQUENCE) {
      b.startSequence(settings.startSequence);
    }
    if (settings.deliverPolicy == JetStreamSettings.DeliverPolicy.TIME) {
      b.startTime(settings.startTime.orElseThrow());
    }
    if (settings.ackPolicy != JetStreamSettings.AckPolicy.NONE) {
      // The server never hands out more than this many unacknowledged messages, shared by the
      // group's members: the subscription's maxInFlight unless the metadata says otherwise.
      b.maxAckPending(settings.maxAckPending > 0 ? settings.maxAckPending : maxInFlight);
    }
    settings.ackWait.ifPresent(b::ackWait);
    if (settings.maxDeliver != 0) {
      b.maxDeliver(settings.maxDeliver);
    }
    if (!settings.backOff.isEmpty()) {
      b.backoff(settings.backOff.toArray(new Duration[0]));
    }
    if (settings.replicas > 0) {
      b.numReplicas(settings.replicas);
    }
    if (settings.memoryStorage) {
      b.memStorage(true);
    }
    if (settings.rateLimit > 0) {
      b.rateLimit(settings.rateLimit);
    }
    if (settings.flowControl) {
      b.flowControl(settings.heartbeat.orElseThrow());
    } else {
      settings.heartbeat.ifPresent(b::idleHeartbeat);
    }
    return b.build();
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("component is closed");
    }
  }

  @Override
  public void close() {
    closed = true;
    for (JetStreamSubscription s : List.copyOf(subscriptions)) {
      s.close();
    }
    try {
      connection.flush(Duration.ofSeconds(5));
    } catch (TimeoutException | RuntimeException e) {
      // acknowledgements still buffered are lost: the server redelivers those messages
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      connection.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "JetStreamPubSub[" + name + ", " + settings + "]";
  }

  /** NATS stream and consumer names: no dots, wildcards, spaces or path separators. */
  static final class Names {
    private Names() {}

    static String of(String raw) {
      StringBuilder b = new StringBuilder(raw.length());
      boolean changed = false;
      for (int i = 0; i < raw.length(); i++) {
        char c = raw.charAt(i);
        if ((c >= 'a' && c <= 'z')
            || (c >= 'A' && c <= 'Z')
            || (c >= '0' && c <= '9')
            || c == '_'
            || c == '-') {
          b.append(c);
        } else {
          b.append('_');
          changed = true;
        }
      }
      if (changed) {
        // 'a.b' and 'a_b' must not share a stream: say which name it came from.
        b.append('_')
            .append(Integer.toHexString(raw.hashCode() & 0x7fffffff).toUpperCase(Locale.ROOT));
      }
      return b.toString();
    }
  }
}
