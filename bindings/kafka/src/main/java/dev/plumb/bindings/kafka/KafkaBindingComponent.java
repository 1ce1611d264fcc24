package dev.plumb.bindings.kafka;

import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.Subscription;
import dev.plumb.api.UnsupportedFeatureException;
import dev.plumb.api.bindings.BindingOperations;
import dev.plumb.api.bindings.BindingResponse;
import dev.plumb.api.bindings.spi.InputOutputBindingComponent;
import dev.plumb.api.bindings.spi.InvokeRequest;
import dev.plumb.api.bindings.spi.ReadHandler;
import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.RequestMetadata;
import dev.plumb.api.spi.Scheduler;
import dev.plumb.common.kafka.DaprPartitioner;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka topics, as Dapr's Kafka binding uses them:
 *
 * <ul>
 *   <li>{@code create} sends one record to the request's {@code topic}, else the component's {@code
 *       publishTopic}, and returns once the broker has it (Dapr's synchronous producer). {@code
 *       partitionKey} (or {@code __key}) is the record key, placed by Dapr's partitioner, {@code
 *       partitionNumber} picks the partition, and every request metadata entry becomes a header;
 *   <li>reading consumes {@code topics} in the consumer group; see {@link KafkaBindingReader}: an
 *       offset is committed only once its handler returned, and a record whose handler threw is
 *       read again.
 * </ul>
 *
 * <p>Thread-safe; starts no threads of its own beyond kafka-clients' network threads.
 */
final class KafkaBindingComponent implements InputOutputBindingComponent {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaBindingComponent.class);
  static final String TOPIC = "topic";
  static final String PARTITION_KEY = "partitionKey";
  static final String KEY = "__key";
  static final String PARTITION_NUMBER = "partitionNumber";

  private final String name;
  private final KafkaProducer<byte[], byte[]> producer;
  private final String publishTopic;
  private final List<String> topics;
  private final Properties consumer;
  private final Duration retry;
  private final Scheduler scheduler;
  private final Executor executor;
  private volatile boolean closed;

  KafkaBindingComponent(
      ComponentContext context,
      KafkaProducer<byte[], byte[]> producer,
      String publishTopic,
      List<String> topics,
      Properties consumer,
      Duration retry) {
    this.name = context.name();
    this.scheduler = context.scheduler();
    this.executor = context.blockingExecutor();
    this.producer = producer;
    this.publishTopic = publishTopic;
    this.topics = topics;
    this.consumer = consumer;
    this.retry = retry;
  }

  @Override
  public Set<String> operations() {
    return Set.of(BindingOperations.CREATE);
  }

  @Override
  public BindingResponse invoke(InvokeRequest request) throws Exception {
    if (!request.operation().equals(BindingOperations.CREATE)) {
      throw new UnsupportedFeatureException(
          "operation '" + request.operation() + "' is not supported (supported: create)");
    }
    checkOpen();
    ProducerRecord<byte[], byte[]> record = record(request);
    try {
      producer.send(record).get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
    return BindingResponse.EMPTY;
  }

  /** Builds the record; checks the whole request before anything is sent. */
  private ProducerRecord<byte[], byte[]> record(InvokeRequest request) {
    Map<String, String> md = request.metadata();
    String topic = request.metadata(TOPIC).orElse(publishTopic);
    if (topic.isEmpty()) {
      throw new InvalidRequestException(
          "operation 'create': request metadata '"
              + TOPIC
              + "' is required, as the component has no metadata 'publishTopic'");
    }
    Integer partition = null;
    Optional<String> number = RequestMetadata.get(md, PARTITION_NUMBER);
    if (number.isPresent()) {
      try {
        partition = Integer.valueOf(number.get().trim());
      } catch (NumberFormatException e) {
        partition = -1;
      }
      if (partition < 0) {
        throw new InvalidRequestException(
            "operation 'create': request metadata '"
                + PARTITION_NUMBER
                + "' must be a partition number, got '"
                + number.get()
                + "'");
      }
    }
    List<Header> headers = new ArrayList<>(md.size());
    md.forEach((k, v) -> headers.add(new RecordHeader(k, v.getBytes(StandardCharsets.UTF_8))));
    byte[] key =
        RequestMetadata.get(md, PARTITION_KEY, KEY)
            .map(k -> k.getBytes(StandardCharsets.UTF_8))
            .orElse(null);
    if (partition == null && key != null) {
      // Dapr's partitioner, so a key lands where a Dapr publisher puts it; records without a key
      // keep the producer's sticky partitioning.
      partition = DaprPartitioner.partition(key, producer.partitionsFor(topic).size());
    }
    return new ProducerRecord<>(topic, partition, key, request.data(), headers);
  }

  @Override
  public Subscription read(ReadHandler handler) {
    checkOpen();
    if (topics.isEmpty()) {
      throw new IllegalStateException(
          "input binding '" + name + "': reading needs metadata 'topics' (none is set)");
    }
    KafkaBindingReader reader =
        new KafkaBindingReader(name, consumer, topics, retry, handler, scheduler, executor);
    try {
      reader.start(Duration.ofSeconds(60));
    } catch (RuntimeException e) {
      reader.close();
      throw e;
    }
    return reader;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("binding '" + name + "' is closed");
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      producer.close(Duration.ofSeconds(10));
    } catch (RuntimeException e) {
      LOG.warn("kafka binding '{}': closing the producer failed: {}", name, e.toString());
    }
  }

  @Override
  public String toString() {
    return "KafkaBinding[" + name + ", publishTopic=" + publishTopic + ", topics=" + topics + "]";
  }
}
