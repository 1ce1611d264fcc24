package dev.plumb.pubsub.aws.snssqs;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * A fake of Amazon SNS's query API in front of a real SQS (ElasticMQ), on one endpoint as
 * LocalStack offers: requests with an {@code X-Amz-Target: AmazonSQS.*} header (the SDK's SQS JSON
 * protocol) are passed through to ElasticMQ unchanged; form-encoded SNS actions are answered here,
 * written from AWS's public API reference (Amazon SNS API Reference, 2010-03-31): {@code
 * CreateTopic} (FIFO topics must end in {@code .fifo}), {@code GetTopicAttributes}, {@code
 * ListTopics}, {@code Subscribe} (protocol {@code sqs} only; FIFO topics to FIFO queues only;
 * idempotent), {@code Unsubscribe}, {@code ListSubscriptionsByTopic}, {@code Publish} (FIFO: {@code
 * MessageGroupId} required, deduplication id given or content-based). Publishing fans out as SNS
 * does: to each subscribed queue whose access policy lets the topic send (or that has none), as the
 * JSON notification envelope, or the bare message with {@code RawMessageDelivery}; to FIFO queues
 * with the group and deduplication ids. Not modelled: signatures, delivery retries, filter
 * policies, other protocols. Test-only.
 */
final class SnsApiFake implements AutoCloseable {
  static final String ACCOUNT = "000000000000";
  static final String REGION = "us-east-1";
  private static final String NS = "http://sns.amazonaws.com/doc/2010-03-31/";

  private final HttpServer server;
  private final ExecutorService executor;
  private final URI sqsEndpoint;
  private final SqsClient sqs;
  private final HttpClient http = HttpClient.newHttpClient();
  private final Map<String, FakeTopic> topics = new ConcurrentHashMap<>();
  private final AtomicLong sequence = new AtomicLong(10_000_000_000_000_000L);

  private static final class FakeTopic {
    final String arn;
    final Map<String, String> attributes;
    final List<FakeSubscription> subscriptions = new CopyOnWriteArrayList<>();

    FakeTopic(String arn, Map<String, String> attributes) {
      this.arn = arn;
      this.attributes = attributes;
    }

    boolean fifo() {
      return "true".equalsIgnoreCase(attributes.get("FifoTopic"));
    }
  }

  private record FakeSubscription(String arn, String queueArn, boolean raw) {}

  /** An error the query API reports: HTTP status, code and message. */
  private static final class ApiError extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;
    final String code;

    ApiError(int status, String code, String message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  SnsApiFake(URI sqsEndpoint, SqsClient sqs) throws IOException {
    this.sqsEndpoint = sqsEndpoint;
    this.sqs = sqs;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    // Long polls pass through: one thread per request, as a real endpoint serves them.
    executor = Executors.newCachedThreadPool();
    server.setExecutor(executor);
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private void handle(HttpExchange ex) throws IOException {
    try {
      byte[] body = ex.getRequestBody().readAllBytes();
      String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
      if (target != null && target.startsWith("AmazonSQS.")) {
        proxy(ex, body);
        return;
      }
      Map<String, String> form = form(new String(body, StandardCharsets.UTF_8));
      String action = form.getOrDefault("Action", "");
      String result;
      try {
        result = answer(action, form);
      } catch (ApiError e) {
        reply(
            ex,
            e.status,
            "<ErrorResponse xmlns=\""
                + NS
                + "\"><Error><Type>Sender</Type><Code>"
                + e.code
                + "</Code><Message>"
                + xml(e.getMessage())
                + "</Message></Error><RequestId>"
                + UUID.randomUUID()
                + "</RequestId></ErrorResponse>");
        return;
      }
      reply(
          ex,
          200,
          "<"
              + action
              + "Response xmlns=\""
              + NS
              + "\">"
              + (result == null
                  ? ""
                  : "<" + action + "Result>" + result + "</" + action + "Result>")
              + "<ResponseMetadata><RequestId>"
              + UUID.randomUUID()
              + "</RequestId></ResponseMetadata></"
              + action
              + "Response>");
    } catch (IOException | RuntimeException | InterruptedException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      reply(ex, 500, "<ErrorResponse><Error><Code>InternalError</Code></Error></ErrorResponse>");
    } finally {
      ex.close();
    }
  }

  private void proxy(HttpExchange ex, byte[] body) throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(sqsEndpoint.resolve(ex.getRequestURI().toString()))
            .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
    for (String h : List.of("Content-Type", "X-Amz-Target", "X-Amz-Date", "Authorization")) {
      String v = ex.getRequestHeaders().getFirst(h);
      if (v != null) {
        b.header(h, v);
      }
    }
    HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    r.headers()
        .firstValue("Content-Type")
        .ifPresent(v -> ex.getResponseHeaders().add("Content-Type", v));
    ex.sendResponseHeaders(r.statusCode(), r.body().length == 0 ? -1 : r.body().length);
    if (r.body().length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(r.body());
      }
    }
  }

  private String answer(String action, Map<String, String> f) throws ApiError {
    switch (action) {
      case "CreateTopic":
        return createTopic(f);
      case "GetTopicAttributes":
        {
          FakeTopic t = topic(f.get("TopicArn"));
          StringBuilder b = new StringBuilder("<Attributes>");
          Map<String, String> all = new LinkedHashMap<>(t.attributes);
          all.put("TopicArn", t.arn);
          all.put("Owner", ACCOUNT);
          all.put("SubscriptionsConfirmed", Integer.toString(t.subscriptions.size()));
          all.forEach(
              (k, v) ->
                  b.append("<entry><key>")
                      .append(xml(k))
                      .append("</key><value>")
                      .append(xml(v))
                      .append("</value></entry>"));
          return b.append("</Attributes>").toString();
        }
      case "ListTopics":
        {
          StringBuilder b = new StringBuilder("<Topics>");
          for (FakeTopic t : topics.values()) {
            b.append("<member><TopicArn>").append(xml(t.arn)).append("</TopicArn></member>");
          }
          return b.append("</Topics>").toString();
        }
      case "Subscribe":
        return subscribe(f);
      case "Unsubscribe":
        for (FakeTopic t : topics.values()) {
          t.subscriptions.removeIf(s -> s.arn().equals(f.get("SubscriptionArn")));
        }
        return null;
      case "ListSubscriptionsByTopic":
        {
          FakeTopic t = topic(f.get("TopicArn"));
          StringBuilder b = new StringBuilder("<Subscriptions>");
          for (FakeSubscription s : t.subscriptions) {
            b.append("<member><TopicArn>")
                .append(xml(t.arn))
                .append("</TopicArn><Protocol>sqs</Protocol><SubscriptionArn>")
                .append(xml(s.arn()))
                .append("</SubscriptionArn><Owner>")
                .append(ACCOUNT)
                .append("</Owner><Endpoint>")
                .append(xml(s.queueArn()))
                .append("</Endpoint></member>");
          }
          return b.append("</Subscriptions>").toString();
        }
      case "Publish":
        return publish(f);
      default:
        throw new ApiError(400, "InvalidAction", "The action " + action + " is not valid");
    }
  }

  private String createTopic(Map<String, String> f) throws ApiError {
    String name = f.get("Name");
    if (name == null || !name.matches("[A-Za-z0-9_-]{1,256}(\\.fifo)?")) {
      throw new ApiError(400, "InvalidParameter", "Invalid parameter: Topic Name");
    }
    Map<String, String> attributes = entries(f, "Attributes");
    boolean fifo = "true".equalsIgnoreCase(attributes.get("FifoTopic"));
    if (fifo != name.endsWith(".fifo")) {
      throw new ApiError(
          400,
          "InvalidParameter",
          "Invalid parameter: Topic Name: a FIFO topic name must end with .fifo, and only then");
    }
    String arn = "arn:aws:sns:" + REGION + ":" + ACCOUNT + ":" + name;
    FakeTopic existing = topics.putIfAbsent(name, new FakeTopic(arn, attributes));
    if (existing != null && !existing.attributes.equals(attributes) && !attributes.isEmpty()) {
      throw new ApiError(
          400,
          "InvalidParameter",
          "Invalid parameter: Attributes Reason: Topic already exists with different attributes");
    }
    return "<TopicArn>" + xml(arn) + "</TopicArn>";
  }

  private FakeTopic topic(String arn) throws ApiError {
    if (arn != null) {
      FakeTopic t = topics.get(arn.substring(arn.lastIndexOf(':') + 1));
      if (t != null && t.arn.equals(arn)) {
        return t;
      }
    }
    throw new ApiError(404, "NotFound", "Topic does not exist");
  }

  private String subscribe(Map<String, String> f) throws ApiError {
    FakeTopic t = topic(f.get("TopicArn"));
    if (!"sqs".equals(f.get("Protocol"))) {
      throw new ApiError(400, "InvalidParameter", "Invalid parameter: this fake serves sqs only");
    }
    String queueArn = f.get("Endpoint");
    if (queueArn == null || !queueArn.startsWith("arn:aws:sqs:")) {
      throw new ApiError(400, "InvalidParameter", "Invalid parameter: SQS endpoint ARN");
    }
    if (t.fifo() && !queueArn.endsWith(".fifo")) {
      throw new ApiError(
          400,
          "InvalidParameter",
          "Invalid parameter: Invalid protocol type: a FIFO topic delivers to FIFO queues only");
    }
    for (FakeSubscription s : t.subscriptions) {
      if (s.queueArn().equals(queueArn)) {
        return "<SubscriptionArn>" + xml(s.arn()) + "</SubscriptionArn>";
      }
    }
    boolean raw = "true".equalsIgnoreCase(entries(f, "Attributes").get("RawMessageDelivery"));
    FakeSubscription s = new FakeSubscription(t.arn + ":" + UUID.randomUUID(), queueArn, raw);
    t.subscriptions.add(s);
    return "<SubscriptionArn>" + xml(s.arn()) + "</SubscriptionArn>";
  }

  private String publish(Map<String, String> f) throws ApiError {
    FakeTopic t = topic(f.get("TopicArn"));
    String message = f.get("Message");
    if (message == null) {
      throw new ApiError(400, "InvalidParameter", "Invalid parameter: Empty message");
    }
    String group = f.get("MessageGroupId");
    String dedup = f.get("MessageDeduplicationId");
    if (t.fifo()) {
      if (group == null) {
        throw new ApiError(
            400,
            "InvalidParameter",
            "Invalid parameter: The MessageGroupId parameter is required for FIFO topics");
      }
      if (dedup == null) {
        if (!"true".equalsIgnoreCase(t.attributes.get("ContentBasedDeduplication"))) {
          throw new ApiError(
              400,
              "InvalidParameter",
              "Invalid parameter: The topic should either have ContentBasedDeduplication enabled"
                  + " or MessageDeduplicationId provided explicitly");
        }
        dedup = sha256(message);
      }
    } else if (group != null) {
      throw new ApiError(
          400,
          "InvalidParameter",
          "Invalid parameter: MessageGroupId: The request includes MessageGroupId parameter that is"
              + " not valid for this topic type");
    }
    StringBuilder attributes = new StringBuilder();
    for (int i = 1; f.containsKey("MessageAttributes.entry." + i + ".Name"); i++) {
      String type = f.get("MessageAttributes.entry." + i + ".Value.DataType");
      String value = f.get("MessageAttributes.entry." + i + ".Value.StringValue");
      if (type == null || value == null || value.isEmpty()) {
        throw new ApiError(
            400,
            "ParameterValueInvalid",
            "The message attribute '"
                + f.get("MessageAttributes.entry." + i + ".Name")
                + "' must contain non-empty message attribute value");
      }
      if (i > 10) {
        throw new ApiError(
            400, "InvalidParameterValue", "Number of message attributes [" + i + "] exceeds 10");
      }
      attributes
          .append(attributes.length() == 0 ? "" : ",")
          .append('"')
          .append(json(f.get("MessageAttributes.entry." + i + ".Name")))
          .append("\":{\"Type\":\"")
          .append(json(type))
          .append("\",\"Value\":\"")
          .append(json(value))
          .append("\"}");
    }
    String id = UUID.randomUUID().toString();
    String seq = t.fifo() ? Long.toString(sequence.incrementAndGet()) : null;
    String notification =
        "{\"Type\":\"Notification\",\"MessageId\":\""
            + id
            + "\",\""
            + (seq == null ? "" : "SequenceNumber\":\"" + seq + "\",\"")
            + "TopicArn\":\""
            + json(t.arn)
            + "\",\"Message\":\""
            + json(message)
            + "\",\"Timestamp\":\""
            + Instant.now().truncatedTo(ChronoUnit.MILLIS)
            + "\",\"SignatureVersion\":\"1\",\"Signature\":\"fake\",\"SigningCertURL\":\"\","
            + "\"UnsubscribeURL\":\"\""
            + (attributes.length() == 0 ? "" : ",\"MessageAttributes\":{" + attributes + "}")
            + "}";
    for (FakeSubscription s : t.subscriptions) {
      String queueName = s.queueArn().substring(s.queueArn().lastIndexOf(':') + 1);
      String url = sqs.getQueueUrl(r -> r.queueName(queueName)).queueUrl();
      if (!allows(url, t.arn)) {
        continue; // SNS cannot deliver: the queue's policy refuses the topic
      }
      SendMessageRequest.Builder b =
          SendMessageRequest.builder().queueUrl(url).messageBody(s.raw() ? message : notification);
      if (t.fifo()) {
        b.messageGroupId(group).messageDeduplicationId(dedup);
      }
      sqs.sendMessage(b.build());
    }
    return "<MessageId>"
        + id
        + "</MessageId>"
        + (seq == null ? "" : "<SequenceNumber>" + seq + "</SequenceNumber>");
  }

  /** A queue without a policy accepts everything here; one with a policy must name the topic. */
  private boolean allows(String queueUrl, String topicArn) {
    String policy =
        sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.POLICY))
            .attributes()
            .get(QueueAttributeName.POLICY);
    return policy == null || policy.isEmpty() || policy.contains("\"" + topicArn + "\"");
  }

  private static Map<String, String> entries(Map<String, String> f, String prefix) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 1; f.containsKey(prefix + ".entry." + i + ".key"); i++) {
      out.put(f.get(prefix + ".entry." + i + ".key"), f.get(prefix + ".entry." + i + ".value"));
    }
    return out;
  }

  private static Map<String, String> form(String body) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      out.put(
          URLDecoder.decode(k, StandardCharsets.UTF_8),
          URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return out;
  }

  private static void reply(HttpExchange ex, int status, String xmlBody) throws IOException {
    byte[] b = xmlBody.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "text/xml");
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b);
    }
  }

  private static String xml(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  private static String json(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Topics known, for tests. */
  List<String> topicArns() {
    List<String> out = new ArrayList<>();
    topics.values().forEach(t -> out.add(t.arn));
    return out;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
