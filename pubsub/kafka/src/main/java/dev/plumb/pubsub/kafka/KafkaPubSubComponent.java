package dev.plumb.pubsub.kafka;

import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.Subscription;
import dev.plumb.api.pubsub.BulkPublishResult;
import dev.plumb.api.pubsub.PubSubFeature;
import dev.plumb.api.pubsub.spi.BulkMessageEntry;
import dev.plumb.api.pubsub.spi.BulkPublishRequest;
import dev.plumb.api.pubsub.spi.MessageHandler;
import dev.plumb.api.pubsub.spi.PubSubComponent;
import dev.plumb.api.pubsub.spi.PublishRequest;
import dev.plumb.api.pubsub.spi.SubscribeRequest;
import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.RequestMetadata;
import dev.plumb.api.spi.Scheduler;
import dev.plumb.common.kafka.DaprPartitioner;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * {@code pubsub.kafka}: a publish is one record, sent and confirmed before the call returns (Dapr's
 * synchronous producer); {@code partitionKey} (or {@code __key}) is the record key, placed by
 * Dapr's partitioner, {@code partitionNumber} picks the partition, and every metadata entry becomes
 * a header. Bulk publishing sends every entry, then waits for all (native, {@code BULK_PUBSUB}).
 * Each subscription is its own consumer in the group {@code consumerGroup} (else {@code
 * consumerID}); see {@link KafkaSubscription}. Thread-safe; starts no threads of its own beyond
 * kafka-clients' network threads.
 */
final class KafkaPubSubComponent implements PubSubComponent {
  static final String PARTITION_KEY = "partitionKey";
  static final String KEY = "__key";
  static final String PARTITION_NUMBER = "partitionNumber";

  private final String name;
  private final KafkaProducer<byte[], byte[]> producer;
  private final Properties consumer;
  private final Scheduler scheduler;
  private final Executor executor;
  private final Set<KafkaSubscription> subscriptions = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  KafkaPubSubComponent(
      ComponentContext context, KafkaProducer<byte[], byte[]> producer, Properties consumer) {
    this.name = context.name();
    this.producer = producer;
    this.consumer = consumer;
    this.scheduler = context.scheduler();
    this.executor = context.blockingExecutor();
  }

  @Override
  public Set<PubSubFeature> features() {
    return Set.of(PubSubFeature.BULK_PUBSUB);
  }

  @Override
  public void publish(PublishRequest request) throws Exception {
    checkOpen();
    wait(
        producer.send(
            record(request.topic(), request.data(), request.metadata(), request.contentType())));
  }

  @Override
  public BulkPublishResult bulkPublish(BulkPublishRequest request) throws Exception {
    checkOpen();
    Map<String, Future<RecordMetadata>> sent = new LinkedHashMap<>();
    Map<String, Exception> failed = new LinkedHashMap<>();
    for (BulkMessageEntry e : request.entries()) {
      Map<String, String> metadata = new HashMap<>(request.metadata());
      metadata.putAll(e.metadata());
      try {
        sent.put(
            e.entryId(),
            producer.send(record(request.topic(), e.event(), metadata, e.contentType())));
      } catch (RuntimeException ex) {
        failed.put(e.entryId(), ex);
      }
    }
    for (Map.Entry<String, Future<RecordMetadata>> f : sent.entrySet()) {
      try {
        wait(f.getValue());
      } catch (Exception ex) {
        failed.put(f.getKey(), ex);
      }
    }
    return failed.isEmpty() ? BulkPublishResult.ALL_PUBLISHED : new BulkPublishResult(failed);
  }

  private static void wait(Future<RecordMetadata> f) throws Exception {
    try {
      f.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  private ProducerRecord<byte[], byte[]> record(
      String topic, byte[] data, Map<String, String> metadata, String contentType) {
    Optional<String> key = RequestMetadata.get(metadata, PARTITION_KEY, KEY);
    Integer partition = null;
    Optional<String> number = RequestMetadata.get(metadata, PARTITION_NUMBER);
    if (number.isPresent()) {
      try {
        partition = Integer.valueOf(number.get().trim());
      } catch (NumberFormatException e) {
        throw new InvalidRequestException(
            "metadata 'partitionNumber': expected a partition number, got '" + number.get() + "'");
      }
    }
    List<Header> headers = new ArrayList<>(metadata.size() + 1);
    metadata.forEach(
        (k, v) -> headers.add(new RecordHeader(k, v.getBytes(StandardCharsets.UTF_8))));
    if (contentType != null
        && RequestMetadata.get(metadata, RequestMetadata.CONTENT_TYPE).isEmpty()) {
      headers.add(
          new RecordHeader(
              RequestMetadata.CONTENT_TYPE, contentType.getBytes(StandardCharsets.UTF_8)));
    }
    byte[] keyBytes = key.map(k -> k.getBytes(StandardCharsets.UTF_8)).orElse(null);
    if (partition == null && keyBytes != null) {
      // Dapr's partitioner, so a key lands where a Dapr publisher puts it; records without a key
      // keep the producer's sticky partitioning.
      partition = DaprPartitioner.partition(keyBytes, producer.partitionsFor(topic).size());
    }
    return new ProducerRecord<>(topic, partition, keyBytes, data, headers);
  }

  @Override
  public Subscription subscribe(SubscribeRequest request, MessageHandler handler) {
    checkOpen();
    if (!consumer.containsKey(ConsumerConfig.GROUP_ID_CONFIG)) {
      throw new IllegalStateException(
          "pub/sub '"
              + name
              + "': subscribing needs metadata 'consumerGroup' or 'consumerID' (the runtime sets"
              + " consumerID to the app id when the app has one)");
    }
    KafkaSubscription s =
        new KafkaSubscription(
            name,
            consumer,
            request.topic(),
            request.maxInFlight(),
            handler,
            scheduler,
            executor,
            subscriptions::remove);
    subscriptions.add(s);
    try {
      s.start(Duration.ofSeconds(60));
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
    return s;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("component is closed");
    }
  }

  @Override
  public void close() {
    closed = true;
    for (KafkaSubscription s : List.copyOf(subscriptions)) {
      s.close();
    }
    producer.close(Duration.ofSeconds(10));
  }

  @Override
  public String toString() {
    return "KafkaPubSub[" + name + ", group=" + consumer.get(ConsumerConfig.GROUP_ID_CONFIG) + "]";
  }
}
