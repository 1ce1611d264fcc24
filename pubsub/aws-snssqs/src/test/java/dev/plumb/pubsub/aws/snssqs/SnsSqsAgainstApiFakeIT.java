package dev.plumb.pubsub.aws.snssqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.plumb.api.pubsub.spi.PubSubComponent;
import dev.plumb.api.pubsub.spi.PubSubMessage;
import dev.plumb.api.pubsub.spi.PublishRequest;
import dev.plumb.api.pubsub.spi.SubscribeRequest;
import dev.plumb.testkit.TestComponentContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * SNS/SQS specifics beyond the kit, with SQS served by ElasticMQ and SNS by {@link SnsApiFake}:
 * what is shown here about the SQS side (redrive to the dead-letters queue, receive counts,
 * visibility, FIFO order and deduplication) is ElasticMQ's real behaviour; what is shown about SNS
 * (fan-out, FIFO topic rules) only the fake's.
 */
class SnsSqsAgainstApiFakeIT {
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final List<TestComponentContext> contexts = new ArrayList<>();
  private final List<PubSubComponent> components = new ArrayList<>();

  @AfterEach
  void closeAll() {
    components.forEach(PubSubComponent::close);
    contexts.forEach(TestComponentContext::close);
  }

  private PubSubComponent create(String consumerId, Map<String, String> extra) throws Exception {
    Map<String, String> md = new HashMap<>(SnsSqsTestServers.shared().metadata());
    md.put("consumerID", consumerId);
    md.putAll(extra);
    TestComponentContext c = new TestComponentContext("snssqs-" + run, "pubsub.aws.snssqs", md);
    contexts.add(c);
    PubSubComponent component = c.createComponent(PubSubComponent.class);
    components.add(component);
    return component;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(PubSubMessage m) {
    return new String(m.data(), StandardCharsets.UTF_8);
  }

  @Test
  void afterMessageReceiveLimitSqsMovesTheMessageToTheDeadLettersQueue() throws Exception {
    String dlq = "dlq-" + run;
    PubSubComponent c =
        create("app-" + run, Map.of("sqsDeadLettersQueueName", dlq, "messageReceiveLimit", "2"));
    String topic = "poison-" + run;
    AtomicInteger deliveries = new AtomicInteger();
    c.subscribe(
        SubscribeRequest.of(topic),
        (m, a) -> {
          deliveries.incrementAndGet();
          a.nack(Duration.ZERO);
        });
    c.publish(PublishRequest.of(topic, utf8("poison-body")));
    SnsSqsTestServers s = SnsSqsTestServers.shared();
    String url = s.sqs.getQueueUrl(r -> r.queueName(dlq)).queueUrl();
    List<Message> moved = new CopyOnWriteArrayList<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              moved.addAll(
                  s.sqs.receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(1)).messages());
              return !moved.isEmpty();
            });
    assertThat(moved.get(0).body()).contains("poison-body").contains(topic);
    assertThat(deliveries).hasValue(2);
  }

  @Test
  void withoutADeadLettersQueueMessageRetryLimitDeletesTheMessage() throws Exception {
    String queue = "retry-" + run;
    PubSubComponent c = create(queue, Map.of("messageRetryLimit", "2"));
    String topic = "retried-" + run;
    AtomicInteger deliveries = new AtomicInteger();
    c.subscribe(
        SubscribeRequest.of(topic),
        (m, a) -> {
          deliveries.incrementAndGet();
          a.nack(Duration.ZERO);
        });
    c.publish(PublishRequest.of(topic, utf8("given-up")));
    SnsSqsTestServers s = SnsSqsTestServers.shared();
    String url = s.sqs.getQueueUrl(r -> r.queueName(queue)).queueUrl();
    await().atMost(Duration.ofSeconds(20)).until(() -> deliveries.get() >= 1);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              Map<QueueAttributeName, String> a =
                  s.sqs
                      .getQueueAttributes(
                          r ->
                              r.queueUrl(url)
                                  .attributeNames(
                                      QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                      QueueAttributeName
                                          .APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                      .attributes();
              return "0".equals(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                  && "0"
                      .equals(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
            });
    assertThat(deliveries).as("the second receive reaches the limit and deletes it").hasValue(1);
  }

  @Test
  void aSlowHandlersMessageStaysInvisibleBeyondTheVisibilityTimeout() throws Exception {
    PubSubComponent c = create("slow-" + run, Map.of("messageVisibilityTimeout", "1"));
    String topic = "slow-" + run;
    List<String> seen = new CopyOnWriteArrayList<>();
    c.subscribe(
        SubscribeRequest.of(topic),
        (m, a) -> {
          seen.add(text(m));
          // Settle 4 s (four visibility timeouts) later, off the poller's thread.
          new Thread(
                  () -> {
                    await().pollDelay(Duration.ofSeconds(4)).until(() -> true);
                    a.ack();
                  })
              .start();
        });
    c.publish(PublishRequest.of(topic, utf8("slow-one")));
    await().atMost(Duration.ofSeconds(20)).until(() -> seen.size() == 1);
    await().pollDelay(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(7)).until(() -> true);
    assertThat(seen).as("delivered once: the visibility was extended").containsExactly("slow-one");
  }

  @Test
  void fifoTopicsKeepOrderPerMessageGroupAndDropDuplicates() throws Exception {
    PubSubComponent c = create("fifo-" + run, Map.of("fifo", "true", "fifoMessageGroupID", "g1"));
    String topic = "ordered-" + run;
    List<PubSubMessage> got = new CopyOnWriteArrayList<>();
    c.subscribe(
        SubscribeRequest.of(topic),
        (m, a) -> {
          got.add(m);
          a.ack();
        });
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      sent.add("m" + i);
      c.publish(PublishRequest.of(topic, utf8("m" + i)));
    }
    c.publish(PublishRequest.of(topic, utf8("m19"))); // content-based deduplication drops it
    c.publish(PublishRequest.of(topic, utf8("last")));
    await().atMost(Duration.ofSeconds(30)).until(() -> got.size() >= 21);
    await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> true);
    List<String> expected = new ArrayList<>(sent);
    expected.add("last");
    assertThat(got.stream().map(SnsSqsAgainstApiFakeIT::text).toList()).isEqualTo(expected);
    assertThat(got).allMatch(m -> "g1".equals(m.orderingKey()));
    assertThat(SnsSqsTestServers.shared().sns.topicArns())
        .anyMatch(a -> a.endsWith(topic + ".fifo"));
  }

  @Test
  void withEntityManagementDisabledNothingIsCreated() throws Exception {
    String topic = "unmanaged-" + run;
    PubSubComponent unmanaged =
        create("unmanaged-" + run, Map.of("disableEntityManagement", "true"));
    assertThatThrownBy(() -> unmanaged.publish(PublishRequest.of(topic, utf8("x"))))
        .hasMessageContaining("disableEntityManagement")
        .hasMessageContaining(topic);
    // An operator (here: a managed component) creates the topic, queue and subscription.
    PubSubComponent managed = create("unmanaged-" + run, Map.of());
    managed.subscribe(SubscribeRequest.of(topic), (m, a) -> a.nack(Duration.ZERO)).close();
    List<String> got = new CopyOnWriteArrayList<>();
    unmanaged.subscribe(
        SubscribeRequest.of(topic),
        (m, a) -> {
          got.add(text(m));
          a.ack();
        });
    unmanaged.publish(PublishRequest.of(topic, utf8("through-existing-entities")));
    await().atMost(Duration.ofSeconds(30)).until(() -> got.contains("through-existing-entities"));
  }

  @Test
  void binaryPayloadsAndMetadataSurviveSnsTextMessages() throws Exception {
    PubSubComponent c = create("binary-" + run, Map.of());
    String topic = "binary-" + run;
    List<PubSubMessage> got = new CopyOnWriteArrayList<>();
    c.subscribe(
        SubscribeRequest.of(topic),
        (m, a) -> {
          got.add(m);
          a.ack();
        });
    byte[] bytes = {0, (byte) 0xff, 0x7f, (byte) 0xc3};
    c.publish(new PublishRequest(topic, bytes, Map.of("k", "v"), null));
    await().atMost(Duration.ofSeconds(20)).until(() -> got.size() == 1);
    assertThat(got.get(0).data()).isEqualTo(bytes);
    assertThat(got.get(0).metadata()).containsEntry("k", "v").doesNotContainKey("plumb.payload");
  }
}
