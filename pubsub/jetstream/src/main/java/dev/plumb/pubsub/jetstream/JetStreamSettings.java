package dev.plumb.pubsub.jetstream;

import dev.plumb.api.spi.ComponentMetadata;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The metadata of a {@code pubsub.jetstream} component, read the way components-contrib's {@code
 * pubsub/jetstream/metadata.go} reads it (its defaults and its real keys, such as {@code
 * concurrencyMode}), checked once. Immutable; {@link #toString()} never shows a credential.
 */
final class JetStreamSettings {
  static final String DEFAULT_NAME = "dapr.io - pubsub.jetstream";

  /** Dapr's {@code deliverPolicy} values. */
  enum DeliverPolicy {
    ALL,
    LAST,
    NEW,
    SEQUENCE,
    TIME
  }

  /** Dapr's {@code ackPolicy} values. */
  enum AckPolicy {
    EXPLICIT,
    ALL,
    NONE
  }

  final String natsUrl;
  final String name;
  final Optional<String> token;
  final Optional<String> jwt;
  final Optional<String> seedKey;
  final Optional<String> streamName;
  final Optional<String> durableName;
  final Optional<String> queueGroupName;
  final String consumerId;
  final DeliverPolicy deliverPolicy;
  final long startSequence;
  final Optional<ZonedDateTime> startTime;
  final AckPolicy ackPolicy;
  final Optional<Duration> ackWait;
  final long maxDeliver;
  final List<Duration> backOff;
  final long maxAckPending;
  final int replicas;
  final boolean memoryStorage;
  final long rateLimit;
  final boolean flowControl;
  final Optional<Duration> heartbeat;
  final Optional<String> domain;
  final Optional<String> apiPrefix;
  final boolean parallel;

  private JetStreamSettings(ComponentMetadata md) {
    natsUrl = md.requireString("natsURL");
    name = md.getString("name", DEFAULT_NAME);
    token = md.getString("token");
    jwt = md.getString("jwt");
    seedKey = md.getString("seedKey");
    if (jwt.isPresent() && seedKey.isEmpty()) {
      md.addProblem("metadata 'jwt' needs 'seedKey' (the user's nkey seed that signs the nonce)");
    }
    if (seedKey.isPresent() && jwt.isEmpty()) {
      md.addProblem("metadata 'seedKey' needs 'jwt' (the user JWT it belongs to)");
    }
    if (md.has("tls_client_cert") || md.has("tls_client_key")) {
      md.addProblem(
          "metadata 'tls_client_cert'/'tls_client_key': client certificates are not supported by"
              + " Plumb's pubsub.jetstream; use a tls:// natsURL (the JVM's trust store) with"
              + " token or jwt/seedKey authentication");
    }
    streamName = md.getString("streamName");
    durableName = md.getString("durableName");
    queueGroupName = md.getString("queueGroupName");
    consumerId = md.getString("consumerID", "");
    String policy = md.getString("deliverPolicy", "all").toLowerCase(Locale.ROOT);
    DeliverPolicy dp = DeliverPolicy.ALL;
    switch (policy) {
      case "all" -> dp = DeliverPolicy.ALL;
      case "last" -> dp = DeliverPolicy.LAST;
      case "new" -> dp = DeliverPolicy.NEW;
      case "sequence" -> dp = DeliverPolicy.SEQUENCE;
      case "time" -> dp = DeliverPolicy.TIME;
      default ->
          md.addProblem(
              "metadata 'deliverPolicy': expected all, last, new, sequence or time, got '"
                  + policy
                  + "'");
    }
    deliverPolicy = dp;
    startSequence = md.getLong("startSequence", 0);
    long startSeconds = md.getLong("startTime", -1);
    startTime =
        startSeconds < 0
            ? Optional.empty()
            : Optional.of(
                ZonedDateTime.ofInstant(Instant.ofEpochSecond(startSeconds), ZoneOffset.UTC));
    if (deliverPolicy == DeliverPolicy.SEQUENCE && startSequence <= 0) {
      md.addProblem("metadata 'deliverPolicy' sequence needs a positive 'startSequence'");
    }
    if (deliverPolicy == DeliverPolicy.TIME && startTime.isEmpty()) {
      md.addProblem("metadata 'deliverPolicy' time needs 'startTime' (unix seconds)");
    }
    // Dapr maps an unknown ackPolicy to explicit without a word; Plumb says so.
    String ack = md.getString("ackPolicy", "explicit").toLowerCase(Locale.ROOT);
    AckPolicy ap = AckPolicy.EXPLICIT;
    switch (ack) {
      case "explicit" -> ap = AckPolicy.EXPLICIT;
      case "all" -> ap = AckPolicy.ALL;
      case "none" -> ap = AckPolicy.NONE;
      default ->
          md.addProblem("metadata 'ackPolicy': expected explicit, all or none, got '" + ack + "'");
    }
    ackPolicy = ap;
    ackWait = md.has("ackWait") ? Optional.of(md.getDuration("ackWait", null)) : Optional.empty();
    maxDeliver = md.getLong("maxDeliver", 0);
    backOff = durations(md, "backOff");
    if (!backOff.isEmpty() && maxDeliver > 0 && maxDeliver <= backOff.size()) {
      md.addProblem(
          "metadata 'maxDeliver' must be greater than the number of 'backOff' durations ("
              + backOff.size()
              + ")");
    }
    maxAckPending = md.getLong("maxAckPending", 0);
    replicas = md.getInt("replicas", 0);
    memoryStorage = md.getBoolean("memoryStorage", false);
    rateLimit = md.getLong("rateLimit", 0);
    flowControl = md.getBoolean("flowControl", false);
    // Dapr's key is 'heartbeat'; its docs spell it 'hearbeat': both are read, 'heartbeat' wins.
    Duration hb = md.getDuration("heartbeat", null);
    Duration typo = md.getDuration("hearbeat", null);
    heartbeat = Optional.ofNullable(hb != null ? hb : typo);
    if (flowControl && heartbeat.isEmpty()) {
      md.addProblem("metadata 'flowControl' needs 'heartbeat' (NATS requires idle heartbeats)");
    }
    domain = md.getString("domain");
    apiPrefix = md.getString("apiPrefix");
    parallel = concurrency(md);
  }

  /**
   * Reads and checks the metadata; problems are recorded in {@code md} for {@link
   * ComponentMetadata#validate()}.
   */
  static JetStreamSettings read(ComponentMetadata md) {
    return new JetStreamSettings(md);
  }

  private static boolean concurrency(ComponentMetadata md) {
    // The code reads 'concurrencyMode'; metadata.yaml documents 'concurrency'. Both, the code's
    // key winning; the default is single, as in contrib.
    String mode =
        md.getString("concurrencyMode").or(() -> md.getString("concurrency")).orElse("single");
    switch (mode.toLowerCase(Locale.ROOT)) {
      case "single":
        return false;
      case "parallel":
        return true;
      default:
        md.addProblem(
            "metadata 'concurrencyMode': expected single or parallel, got '" + mode + "'");
        return false;
    }
  }

  private static List<Duration> durations(ComponentMetadata md, String field) {
    List<Duration> out = new ArrayList<>();
    Optional<String> v = md.getString(field);
    if (v.isEmpty()) {
      return out;
    }
    for (String part : v.get().split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      ComponentMetadata one = ComponentMetadata.of(md.owner(), java.util.Map.of(field, p));
      Duration d = one.getDuration(field, null);
      if (d == null) {
        md.addProblem(
            "metadata '" + field + "': expected durations such as 1s,5s,30s, got '" + p + "'");
      } else {
        out.add(d);
      }
    }
    return out;
  }

  /** The URL without a {@code user:password@} part. */
  static String redact(String url) {
    int scheme = url.indexOf("://");
    int at = url.lastIndexOf('@');
    return scheme >= 0 && at > scheme
        ? url.substring(0, scheme + 3) + "***@" + url.substring(at + 1)
        : url;
  }

  @Override
  public String toString() {
    return "JetStreamSettings[url="
        + redact(natsUrl)
        + ", stream="
        + streamName.orElse("(by subject)")
        + ", auth="
        + (jwt.isPresent() ? "jwt" : token.isPresent() ? "token" : "none")
        + ", parallel="
        + parallel
        + "]";
  }
}
