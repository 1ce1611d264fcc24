package dev.plumb.pubsub.aws.snssqs;

import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.Subscription;
import dev.plumb.api.pubsub.PubSubFeature;
import dev.plumb.api.pubsub.spi.MessageHandler;
import dev.plumb.api.pubsub.spi.PubSubComponent;
import dev.plumb.api.pubsub.spi.PublishRequest;
import dev.plumb.api.pubsub.spi.SubscribeRequest;
import dev.plumb.api.spi.ComponentContext;
import dev.plumb.common.aws.AwsClients;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.CreateTopicRequest;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishRequest.Builder;
import software.amazon.awssdk.services.sns.model.Tag;
import software.amazon.awssdk.services.sns.model.Topic;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.CreateQueueRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SetQueueAttributesRequest;

/**
 * {@code pubsub.aws.snssqs}: a publish is one SNS {@code Publish} of the bytes as the message
 * string (UTF-8), to the topic named after the Dapr topic (Dapr's name rule), created on first use
 * unless {@code disableEntityManagement}; FIFO topics get {@code fifoMessageGroupID} (default the
 * consumer ID) as message group. Consuming: one SQS queue per {@code consumerID}, subscribed to
 * every topic the component subscribes to, read by one {@link QueuePoller} that hands each SNS
 * notification to the subscription of its topic. Thread-safe; loops run on the runtime's blocking
 * executor.
 */
final class SnsSqsPubSubComponent implements PubSubComponent {
  /** Marks a message whose bytes were not text: SNS carries them base64-encoded. */
  static final String PAYLOAD_ATTRIBUTE = "plumb.payload";

  static final String BASE64 = "base64";

  private final String name;
  private final SnsSqsSettings settings;
  private final AwsClients clients;
  private final SnsClient sns;
  private final SqsClient sqs;
  private final ComponentContext context;
  private final Map<String, String> topicArns = new ConcurrentHashMap<>();
  private final Set<String> subscribedTopics = ConcurrentHashMap.newKeySet();
  // A lock, not synchronized: creating the queue is I/O, which must not pin a virtual thread.
  private final ReentrantLock pollerLock = new ReentrantLock();
  private QueuePoller poller;
  private volatile boolean closed;

  SnsSqsPubSubComponent(
      ComponentContext context,
      SnsSqsSettings settings,
      AwsClients clients,
      SnsClient sns,
      SqsClient sqs) {
    this.context = context;
    this.name = context.name();
    this.settings = settings;
    this.clients = clients;
    this.sns = sns;
    this.sqs = sqs;
  }

  @Override
  public Set<PubSubFeature> features() {
    return Set.of();
  }

  @Override
  public void ping() {
    checkOpen();
    sqs.listQueues(r -> r.maxResults(1));
  }

  @Override
  public void publish(PublishRequest request) {
    checkOpen();
    String arn = topicArn(request.topic());
    String text = utf8(request.data());
    Map<String, MessageAttributeValue> attributes = attributes(request.metadata());
    if (text == null) {
      // SNS carries text only (Dapr sends bytes as a Go string, which breaks on binary data).
      text = Base64.getEncoder().encodeToString(request.data());
      attributes.put(PAYLOAD_ATTRIBUTE, string(BASE64));
    }
    Builder b =
        software.amazon.awssdk.services.sns.model.PublishRequest.builder()
            .topicArn(arn)
            .message(text)
            .messageAttributes(attributes);
    if (settings.fifo) {
      b.messageGroupId(settings.fifoMessageGroupId);
    }
    sns.publish(b.build());
  }

  /** The bytes as text if they are valid UTF-8, else {@code null}. */
  static String utf8(byte[] data) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(data))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** Request metadata as SNS string message attributes (SNS allows ten, none empty). */
  private static Map<String, MessageAttributeValue> attributes(Map<String, String> metadata) {
    Map<String, MessageAttributeValue> out = new HashMap<>();
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      if (e.getValue().isEmpty()) {
        continue; // SNS refuses empty attribute values
      }
      if (!e.getKey().matches("[A-Za-z0-9_.-]{1,256}")
          || e.getKey().startsWith("AWS.")
          || e.getKey().startsWith("Amazon.")) {
        throw new InvalidRequestException(
            "publish: metadata '"
                + e.getKey()
                + "' cannot be an SNS message attribute (letters, digits, '_', '-', '.'; not"
                + " starting with AWS. or Amazon.)");
      }
      out.put(e.getKey(), string(e.getValue()));
    }
    if (out.size() > 9) {
      throw new InvalidRequestException(
          "publish: at most 9 metadata entries fit in SNS's 10 message attributes, got "
              + out.size());
    }
    return out;
  }

  private static MessageAttributeValue string(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
  }

  /** The topic's ARN: created (idempotent in SNS) or, with entity management off, looked up. */
  String topicArn(String topic) {
    String known = topicArns.get(topic);
    if (known != null) {
      return known;
    }
    String awsName = SnsSqsSettings.awsName(topic, settings.fifo);
    String arn;
    if (settings.disableEntityManagement) {
      arn = findTopic(awsName);
    } else {
      CreateTopicRequest.Builder b =
          CreateTopicRequest.builder()
              .name(awsName)
              .tags(Tag.builder().key("dapr-topic-name").value(topic).build());
      if (settings.fifo) {
        b.attributes(Map.of("FifoTopic", "true", "ContentBasedDeduplication", "true"));
      }
      arn = sns.createTopic(b.build()).topicArn();
    }
    topicArns.put(topic, arn);
    return arn;
  }

  private String findTopic(String awsName) {
    for (Topic t : sns.listTopicsPaginator().topics()) {
      if (t.topicArn().endsWith(":" + awsName)) {
        return t.topicArn();
      }
    }
    throw new IllegalStateException(
        "pub/sub '"
            + name
            + "': SNS topic '"
            + awsName
            + "' does not exist and 'disableEntityManagement' is true, so Plumb does not create it");
  }

  /** The queue's URL and ARN: created (idempotent in SQS) or, with entity management off, found. */
  String[] queue(String queueName, Map<QueueAttributeName, String> attributes) {
    String awsName = SnsSqsSettings.awsName(queueName, settings.fifo);
    String url;
    if (settings.disableEntityManagement) {
      url = sqs.getQueueUrl(r -> r.queueName(awsName)).queueUrl();
    } else {
      Map<QueueAttributeName, String> a = new HashMap<>(attributes);
      if (settings.fifo) {
        a.put(QueueAttributeName.FIFO_QUEUE, "true");
        a.put(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true");
      }
      url =
          sqs.createQueue(
                  CreateQueueRequest.builder()
                      .queueName(awsName)
                      .attributes(a)
                      .tags(Map.of("dapr-queue-name", queueName))
                      .build())
              .queueUrl();
    }
    String arn =
        sqs.getQueueAttributes(
                GetQueueAttributesRequest.builder()
                    .queueUrl(url)
                    .attributeNames(QueueAttributeName.QUEUE_ARN)
                    .build())
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);
    return new String[] {url, arn};
  }

  @Override
  public Subscription subscribe(SubscribeRequest request, MessageHandler handler) {
    checkOpen();
    String topicArn = topicArn(request.topic());
    QueuePoller p = poller();
    if (!settings.disableEntityManagement && subscribedTopics.add(topicArn)) {
      sns.subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(p.queueArn()));
      allowTopics(p);
    }
    return p.add(
        SnsSqsSettings.awsName(request.topic(), settings.fifo),
        request.topic(),
        request.maxInFlight(),
        handler);
  }

  private QueuePoller poller() {
    pollerLock.lock();
    try {
      return pollerLocked();
    } finally {
      pollerLock.unlock();
    }
  }

  private QueuePoller pollerLocked() {
    if (poller == null) {
      Map<QueueAttributeName, String> attributes = new HashMap<>();
      if (settings.deadLettersQueue.isPresent()) {
        String[] dlq = queue(settings.deadLettersQueue.get(), Map.of());
        attributes.put(
            QueueAttributeName.REDRIVE_POLICY,
            "{\"maxReceiveCount\":\""
                + settings.receiveLimit
                + "\",\"deadLetterTargetArn\":\""
                + dlq[1]
                + "\"}");
      }
      String[] q = queue(settings.consumerId, attributes);
      if (!attributes.isEmpty() && !settings.disableEntityManagement) {
        // CreateQueue keeps an existing queue's attributes: set the redrive policy explicitly.
        sqs.setQueueAttributes(
            SetQueueAttributesRequest.builder().queueUrl(q[0]).attributes(attributes).build());
      }
      poller =
          new QueuePoller(
              name, settings, sqs, q[0], q[1], context.scheduler(), context.blockingExecutor());
    }
    return poller;
  }

  /** Lets the subscribed topics (and only them) send to the queue, as Dapr's policy does. */
  private void allowTopics(QueuePoller p) {
    StringBuilder arns = new StringBuilder();
    for (String arn : List.copyOf(subscribedTopics)) {
      if (arns.length() > 0) {
        arns.append(',');
      }
      arns.append('"').append(arn).append('"');
    }
    String policy =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
            + "{\"Service\":\"sns.amazonaws.com\"},\"Action\":\"sqs:SendMessage\",\"Resource\":\""
            + p.queueArn()
            + "\",\"Condition\":{\"ArnEquals\":{\"aws:SourceArn\":["
            + arns
            + "]}}}]}";
    sqs.setQueueAttributes(
        SetQueueAttributesRequest.builder()
            .queueUrl(p.queueUrl())
            .attributes(Map.of(QueueAttributeName.POLICY, policy))
            .build());
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("component is closed");
    }
  }

  @Override
  public void close() {
    closed = true;
    QueuePoller p;
    pollerLock.lock();
    try {
      p = poller;
    } finally {
      pollerLock.unlock();
    }
    if (p != null) {
      p.close();
    }
    sns.close();
    sqs.close();
    clients.close();
  }

  @Override
  public String toString() {
    return "SnsSqsPubSub[" + name + ", " + settings + "]";
  }
}
