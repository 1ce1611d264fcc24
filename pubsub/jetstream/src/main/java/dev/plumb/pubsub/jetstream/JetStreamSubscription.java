package dev.plumb.pubsub.jetstream;

import dev.plumb.api.Subscription;
import dev.plumb.api.pubsub.spi.Acknowledgement;
import dev.plumb.api.pubsub.spi.MessageHandler;
import dev.plumb.api.pubsub.spi.PubSubMessage;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One member of a JetStream consumer group: a core NATS queue subscription on the durable push
 * consumer's deliver subject. The server hands each message to one member of the queue group and
 * stops at the consumer's {@code maxAckPending}; messages beyond the runtime's {@code maxInFlight}
 * wait here until it settles some. An acknowledgement is {@code +ACK} on the message's reply
 * subject, a negative one {@code -NAK} with the runtime's delay (NATS' {@code nakWithDelay}); flow
 * control requests and stalled-consumer heartbeats are answered. jnats resubscribes after a
 * reconnect, and the durable consumer keeps its place, so a broker restart loses nothing.
 *
 * <p>Closing unsubscribes, gives back (plain {@code -NAK}) every message not settled, and flushes,
 * so the next member gets them at once. Thread-safe: jnats' dispatcher thread hands over, runtime
 * threads settle.
 */
final class JetStreamSubscription implements Subscription {
  private static final Logger LOG = LoggerFactory.getLogger(JetStreamSubscription.class);
  private static final byte[] ACK = "+ACK".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NAK = "-NAK".getBytes(StandardCharsets.US_ASCII);
  private static final String STALLED = "Nats-Consumer-Stalled";

  private final String name;
  private final Connection connection;
  private final String topic;
  private final String deliverSubject;
  private final String group;
  private final int maxInFlight;
  private final boolean acks;
  private final String orderingKey;
  private final MessageHandler handler;
  private final Consumer<JetStreamSubscription> onClose;
  private final ReentrantLock lock = new ReentrantLock();
  private final ArrayDeque<Lease> waiting = new ArrayDeque<>();
  private final Set<Lease> unsettled = ConcurrentHashMap.newKeySet();
  private Dispatcher dispatcher;
  private volatile boolean closing;

  JetStreamSubscription(
      String name,
      Connection connection,
      String topic,
      String deliverSubject,
      String group,
      int maxInFlight,
      boolean acks,
      String orderingKey,
      MessageHandler handler,
      Consumer<JetStreamSubscription> onClose) {
    this.name = name;
    this.connection = connection;
    this.topic = topic;
    this.deliverSubject = deliverSubject;
    this.group = group;
    this.maxInFlight = maxInFlight;
    this.acks = acks;
    this.orderingKey = orderingKey;
    this.handler = handler;
    this.onClose = onClose;
  }

  /** Joins the queue group; the server starts pushing once the interest reaches it. */
  void start() throws TimeoutException, InterruptedException {
    dispatcher = connection.createDispatcher(this::onMessage);
    dispatcher.subscribe(deliverSubject, group);
    connection.flush(Duration.ofSeconds(10));
  }

  private void onMessage(Message m) {
    if (m.isStatusMessage()) {
      answerStatus(m);
      return;
    }
    String reply = m.getReplyTo();
    if (!present(reply)) {
      return; // not a JetStream delivery
    }
    Lease lease = new Lease(reply, message(m));
    boolean now;
    lock.lock();
    try {
      if (closing) {
        lease.giveBack();
        return;
      }
      unsettled.add(lease);
      now = waiting.isEmpty() && unsettled.size() - waiting.size() <= maxInFlight;
      if (!now) {
        waiting.add(lease);
      }
    } finally {
      lock.unlock();
    }
    if (now) {
      handler.handle(lease.message, lease);
    }
  }

  /** Flow control request (reply expected) or an idle heartbeat naming a stalled consumer. */
  private void answerStatus(Message m) {
    if (m.getStatus().getCode() != 100) {
      LOG.debug("pub/sub '{}': status {} on '{}'", name, m.getStatus(), topic);
      return;
    }
    if (present(m.getReplyTo())) {
      connection.publish(m.getReplyTo(), null);
      return;
    }
    Headers h = m.getHeaders();
    String stalled = h == null ? null : h.getFirst(STALLED);
    if (present(stalled)) {
      connection.publish(stalled, null);
    }
  }

  private static boolean present(String s) {
    return s != null && !s.isEmpty();
  }

  private PubSubMessage message(Message m) {
    Map<String, String> md = new HashMap<>();
    String contentType = null;
    Headers h = m.getHeaders();
    if (h != null) {
      for (String k : h.keySet()) {
        String v = h.getFirst(k);
        if (v != null) {
          md.put(k, v);
          if (k.equalsIgnoreCase("contentType")) {
            contentType = v;
          }
        }
      }
    }
    md.put("Topic", m.getSubject()); // Dapr's only message metadata
    byte[] data = m.getData() == null ? new byte[0] : m.getData();
    return new PubSubMessage(m.getSubject(), data, md, contentType, orderingKey);
  }

  /** A lease ended: hand over the next waiting message if there is room now. */
  private void settled(Lease lease) {
    Lease next = null;
    lock.lock();
    try {
      unsettled.remove(lease);
      if (!waiting.isEmpty() && unsettled.size() - waiting.size() < maxInFlight) {
        next = waiting.poll();
      }
    } finally {
      lock.unlock();
    }
    if (next != null) {
      handler.handle(next.message, next);
    }
  }

  @Override
  public void close() {
    List<Lease> back;
    lock.lock();
    try {
      if (closing) {
        return;
      }
      closing = true;
      back = List.copyOf(unsettled);
      unsettled.clear();
      waiting.clear();
    } finally {
      lock.unlock();
    }
    onClose.accept(this);
    try {
      // Leave the queue group first, so what is given back goes to the other members (or waits
      // for the next one), not to this closing member.
      connection.closeDispatcher(dispatcher);
    } catch (RuntimeException e) {
      LOG.debug("pub/sub '{}': leaving '{}' failed: {}", name, topic, e.toString());
    }
    for (Lease l : back) {
      l.giveBack();
    }
    try {
      connection.flush(Duration.ofSeconds(5));
    } catch (TimeoutException | RuntimeException e) {
      LOG.debug("pub/sub '{}': flushing on close failed: {}", name, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "JetStreamSubscription[" + name + ", " + topic + ", group=" + group + "]";
  }

  /** One delivery of a message. */
  private final class Lease implements Acknowledgement {
    private final String reply;
    final PubSubMessage message;
    private final AtomicBoolean done = new AtomicBoolean();

    Lease(String reply, PubSubMessage message) {
      this.reply = reply;
      this.message = message;
    }

    @Override
    public void ack() {
      if (end()) {
        send(ACK);
      }
    }

    @Override
    public void nack(Duration redeliveryDelay) {
      if (end()) {
        long nanos = redeliveryDelay.toNanos();
        send(
            nanos <= 0
                ? NAK
                : ("-NAK {\"delay\":" + nanos + "}").getBytes(StandardCharsets.US_ASCII));
      }
    }

    @Override
    public boolean revoked() {
      return closing;
    }

    /** Whether this call settles the lease (first settlement, subscription still open). */
    private boolean end() {
      if (!done.compareAndSet(false, true) || closing) {
        return false;
      }
      settled(this);
      return true;
    }

    /** On close: the message goes back to the consumer at once. */
    void giveBack() {
      if (done.compareAndSet(false, true)) {
        send(NAK);
      }
    }

    private void send(byte[] body) {
      if (!acks) {
        return; // ackPolicy none: the server expects nothing
      }
      // Buffered by jnats while reconnecting; a lost one means a redelivery, never a loss.
      connection.publish(reply, body);
    }
  }
}
