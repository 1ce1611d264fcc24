package dev.plumb.pubsub.aws.snssqs;

import dev.plumb.api.Subscription;
import dev.plumb.api.pubsub.spi.Acknowledgement;
import dev.plumb.api.pubsub.spi.MessageHandler;
import dev.plumb.api.pubsub.spi.PubSubMessage;
import dev.plumb.api.spi.Scheduler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * Reads a consumer group's SQS queue and hands each SNS notification to the subscription of its
 * topic (the last part of the notification's {@code TopicArn}), as Dapr's component does. One loop
 * on the blocking executor long-polls ({@code messageWaitTimeSeconds}, up to {@code
 * messageMaxNumber}, never more than the subscriptions' in-flight limit allows), with {@code
 * messageVisibilityTimeout}. While the runtime holds a message its visibility is extended every
 * half timeout, so a slow handler does not get it delivered twice. An acknowledgement deletes the
 * message; a negative one makes it visible again after the runtime's delay. A message received
 * {@code messageRetryLimit} times without a dead-letters queue is deleted unprocessed (Dapr's rule;
 * with {@code disableDeleteOnRetryLimit} it is made visible again instead). A notification for a
 * topic nobody here subscribes to stays invisible until its timeout, for another member.
 */
final class QueuePoller {
  private static final Logger LOG = LoggerFactory.getLogger(QueuePoller.class);

  private final String name;
  private final SnsSqsSettings settings;
  private final SqsClient sqs;
  private final String queueUrl;
  private final String queueArn;
  private final Scheduler scheduler;
  private final Executor executor;
  private final Map<String, Topic> topics = new ConcurrentHashMap<>();
  private final Set<Lease> unsettled = ConcurrentHashMap.newKeySet();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition room = lock.newCondition();
  private volatile CountDownLatch stopped = new CountDownLatch(0);
  private final AtomicBoolean running = new AtomicBoolean();
  private final Scheduler.Task extender;
  private volatile boolean closing;
  private int failures;

  QueuePoller(
      String name,
      SnsSqsSettings settings,
      SqsClient sqs,
      String queueUrl,
      String queueArn,
      Scheduler scheduler,
      Executor executor) {
    this.name = name;
    this.settings = settings;
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.queueArn = queueArn;
    this.scheduler = scheduler;
    this.executor = executor;
    Duration period = Duration.ofMillis(Math.max(500, settings.visibilityTimeout * 500L));
    this.extender = scheduler.every(period, this::extend);
  }

  String queueUrl() {
    return queueUrl;
  }

  String queueArn() {
    return queueArn;
  }

  /** Adds a subscription for one topic and starts the loop if it is not running. */
  Subscription add(String awsTopic, String topic, int maxInFlight, MessageHandler handler) {
    Topic t = new Topic(awsTopic, topic, maxInFlight, handler);
    lock.lock();
    try {
      if (topics.putIfAbsent(awsTopic, t) != null) {
        throw new IllegalStateException(
            "pub/sub '" + name + "': topic '" + topic + "' already has a subscription here");
      }
      if (running.compareAndSet(false, true)) {
        stopped = new CountDownLatch(1);
        executor.execute(this::loop);
      }
    } finally {
      lock.unlock();
    }
    return t;
  }

  private int limit() {
    int limit = Integer.MAX_VALUE;
    for (Topic t : topics.values()) {
      limit = Math.min(limit, t.maxInFlight);
    }
    return limit;
  }

  private void loop() {
    try {
      while (!closing) {
        if (idle()) {
          return; // the last subscription here closed: stop reading, so others get the messages
        }
        int free = awaitRoom();
        if (free <= 0) {
          continue;
        }
        ReceiveMessageResponse r =
            sqs.receiveMessage(
                ReceiveMessageRequest.builder()
                    .queueUrl(queueUrl)
                    .maxNumberOfMessages(Math.min(free, settings.maxNumber))
                    .waitTimeSeconds(settings.waitTimeSeconds)
                    .visibilityTimeout(settings.visibilityTimeout)
                    .messageSystemAttributeNames(
                        MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT,
                        MessageSystemAttributeName.MESSAGE_GROUP_ID)
                    .build());
        failures = 0;
        for (Message m : r.messages()) {
          dispatch(m);
        }
      }
    } catch (SdkException e) {
      if (!closing) {
        long wait = Math.min(5000, 100L << Math.min(failures++, 6));
        LOG.warn(
            "pub/sub '{}': receiving from queue {} failed, retrying in {} ms: {}",
            name,
            queueArn,
            wait,
            e.toString());
        try {
          scheduler.schedule(Duration.ofMillis(wait), () -> executor.execute(this::loop));
          return;
        } catch (RejectedExecutionException gone) {
          LOG.debug("pub/sub '{}': the runtime is shutting down; the reader stops", name);
        }
      }
    } catch (RuntimeException | Error e) {
      LOG.error(
          "pub/sub '{}': the reader of queue {} stopped: {}", name, queueArn, e.toString(), e);
    }
    stopped.countDown();
  }

  /** Ends the loop when no subscription is left; {@link #add} starts a new one. */
  private boolean idle() {
    lock.lock();
    try {
      if (topics.isEmpty()) {
        running.set(false);
        stopped.countDown();
        return true;
      }
      return false;
    } finally {
      lock.unlock();
    }
  }

  /** Waits (at most a second) until the runtime has room; returns how many messages fit. */
  private int awaitRoom() {
    lock.lock();
    try {
      int free = limit() - unsettled.size();
      if (free <= 0 && !closing) {
        room.await(1, TimeUnit.SECONDS);
        free = limit() - unsettled.size();
      }
      return free;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closing = true;
      return 0;
    } finally {
      lock.unlock();
    }
  }

  private void dispatch(Message m) {
    long receives = count(m);
    if (!settings.deadLettersQueue.isPresent() && receives >= settings.retryLimit) {
      if (settings.disableDeleteOnRetryLimit) {
        LOG.warn(
            "pub/sub '{}': message {} was received {} times; left for another consumer",
            name,
            m.messageId(),
            receives);
        visibility(m.receiptHandle(), 0);
      } else {
        LOG.error(
            "pub/sub '{}': message {} was received {} times (messageRetryLimit {}), deleting it"
                + " unprocessed",
            name,
            m.messageId(),
            receives,
            settings.retryLimit);
        delete(m.receiptHandle());
      }
      return;
    }
    String topicArn;
    String body;
    Map<String, String> md = new HashMap<>();
    try {
      JsonNode n = JsonNode.parser().parse(m.body());
      topicArn = n.field("TopicArn").map(JsonNode::text).orElse(null);
      body = n.field("Message").map(JsonNode::text).orElse(null);
      n.field("MessageAttributes")
          .filter(JsonNode::isObject)
          .ifPresent(
              a ->
                  a.asObject()
                      .forEach(
                          (k, v) ->
                              v.field("Value")
                                  .map(JsonNode::text)
                                  .ifPresent(value -> md.put(k, value))));
    } catch (RuntimeException e) {
      topicArn = null;
      body = null;
    }
    if (topicArn == null || body == null) {
      LOG.warn(
          "pub/sub '{}': message {} on queue {} is not an SNS notification; left in the queue",
          name,
          m.messageId(),
          queueArn);
      return;
    }
    Topic t = topics.get(topicArn.substring(topicArn.lastIndexOf(':') + 1));
    if (t == null || t.closed) {
      if (topics.isEmpty()) {
        // Received by the last poll of a closing reader: back to the queue at once.
        visibility(m.receiptHandle(), 0);
      }
      // Otherwise nobody here reads that topic: visible again after its timeout, for another
      // member (making it visible at once would have this reader receive it again and again).
      return;
    }
    String group = m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID);
    byte[] data =
        SnsSqsPubSubComponent.BASE64.equals(md.remove(SnsSqsPubSubComponent.PAYLOAD_ATTRIBUTE))
            ? Base64.getDecoder().decode(body)
            : body.getBytes(StandardCharsets.UTF_8);
    md.put("Topic", t.topic);
    md.put("MessageId", m.messageId());
    md.put("ReceiveCount", Long.toString(receives));
    PubSubMessage message =
        new PubSubMessage(
            t.topic,
            data,
            md,
            null,
            settings.fifo && group != null ? group : settings.parallel ? null : t.topic);
    Lease lease = new Lease(t, m.receiptHandle());
    unsettled.add(lease);
    t.open.incrementAndGet();
    t.handler.handle(message, lease);
  }

  private static long count(Message m) {
    String c = m.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
    try {
      return c == null ? 1 : Long.parseLong(c);
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  /** Keeps the messages the runtime holds invisible while it works on them. */
  private void extend() {
    List<Lease> held = new ArrayList<>(unsettled);
    for (int i = 0; i < held.size(); i += 10) {
      List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
      for (int j = i; j < Math.min(held.size(), i + 10); j++) {
        entries.add(
            ChangeMessageVisibilityBatchRequestEntry.builder()
                .id(Integer.toString(j))
                .receiptHandle(held.get(j).receipt)
                .visibilityTimeout(settings.visibilityTimeout)
                .build());
      }
      try {
        sqs.changeMessageVisibilityBatch(r -> r.queueUrl(queueUrl).entries(entries));
      } catch (SdkException e) {
        LOG.debug("pub/sub '{}': extending visibility failed: {}", name, e.toString());
      }
    }
  }

  private void delete(String receipt) {
    executor.execute(
        () -> {
          try {
            sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(receipt));
          } catch (SdkException e) {
            // It comes back after its visibility timeout: a duplicate, never a loss.
            LOG.warn("pub/sub '{}': deleting a processed message failed: {}", name, e.toString());
          }
        });
  }

  private void visibility(String receipt, int seconds) {
    try {
      sqs.changeMessageVisibility(
          r -> r.queueUrl(queueUrl).receiptHandle(receipt).visibilityTimeout(seconds));
    } catch (SdkException e) {
      LOG.debug("pub/sub '{}': changing visibility failed: {}", name, e.toString());
    }
  }

  private void settled(Lease lease) {
    lock.lock();
    try {
      unsettled.remove(lease);
      room.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Stops reading and gives back what the runtime holds. */
  void close() {
    closing = true;
    extender.cancel();
    for (Topic t : List.copyOf(topics.values())) {
      t.close();
    }
    lock.lock();
    try {
      room.signalAll();
    } finally {
      lock.unlock();
    }
    if (running.get()) {
      try {
        if (!stopped.await(settings.waitTimeSeconds + 10L, TimeUnit.SECONDS)) {
          LOG.warn("pub/sub '{}': the reader of queue {} did not stop in time", name, queueArn);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** One topic's subscription on the shared queue. */
  private final class Topic implements Subscription {
    final String awsTopic;
    final String topic;
    final int maxInFlight;
    final MessageHandler handler;
    final AtomicInteger open = new AtomicInteger();
    volatile boolean closed;

    Topic(String awsTopic, String topic, int maxInFlight, MessageHandler handler) {
      this.awsTopic = awsTopic;
      this.topic = topic;
      this.maxInFlight = maxInFlight;
      this.handler = handler;
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      topics.remove(awsTopic, this);
      for (Lease l : List.copyOf(unsettled)) {
        if (l.topic == this) {
          l.giveBack();
        }
      }
    }

    @Override
    public String toString() {
      return "SnsSqsSubscription[" + name + ", " + topic + "]";
    }
  }

  /** One delivery of a message. */
  private final class Lease implements Acknowledgement {
    final Topic topic;
    final String receipt;
    private final AtomicBoolean done = new AtomicBoolean();

    Lease(Topic topic, String receipt) {
      this.topic = topic;
      this.receipt = receipt;
    }

    @Override
    public void ack() {
      if (end()) {
        delete(receipt);
      }
    }

    @Override
    public void nack(Duration redeliveryDelay) {
      if (end()) {
        long seconds = (redeliveryDelay.toMillis() + 999) / 1000;
        int s = (int) Math.min(43_200, Math.max(0, seconds));
        executor.execute(() -> visibility(receipt, s));
      }
    }

    @Override
    public boolean revoked() {
      return topic.closed;
    }

    private boolean end() {
      if (topic.closed || !done.compareAndSet(false, true)) {
        return false;
      }
      settled(this);
      return true;
    }

    /** The subscription closed: the message is visible again at once, for another member. */
    void giveBack() {
      if (done.compareAndSet(false, true)) {
        settled(this);
        visibility(receipt, 0);
      }
    }
  }
}
