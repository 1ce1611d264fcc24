package dev.plumb.runtime.internal.memory;

import dev.plumb.api.Subscription;
import dev.plumb.api.pubsub.PubSubFeature;
import dev.plumb.api.pubsub.spi.Acknowledgement;
import dev.plumb.api.pubsub.spi.MessageHandler;
import dev.plumb.api.pubsub.spi.PubSubComponent;
import dev.plumb.api.pubsub.spi.PubSubMessage;
import dev.plumb.api.pubsub.spi.PublishRequest;
import dev.plumb.api.pubsub.spi.SubscribeRequest;
import dev.plumb.api.spi.RequestMetadata;
import dev.plumb.api.spi.Scheduler;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code pubsub.in-memory}: a broker inside this JVM. Components of the same name share one broker
 * for as long as one of them is open. Each topic keeps one bounded queue per consumer group ({@code
 * consumerID}): every group gets every message published after it first subscribed, and its members
 * share them. A message stays with its group until the runtime acknowledges it; a negatively
 * acknowledged one returns to the front of the queue after its delay, and those a closing member
 * had not settled return at once, so nothing is lost while the JVM runs.
 *
 * <p>Flow control: a member holds at most its {@code maxInFlight} unsettled messages. A full queue
 * of a group with members makes publishing wait (back-pressure, bounded by the outbound timeout
 * policy, if any); a group without members keeps its newest {@code bufferSize} messages for when
 * one subscribes again. Messages with a {@code partitionKey} go to one member per key, in order.
 * Thread-safe.
 */
final class InMemoryPubSubComponent implements PubSubComponent {
  /** The default {@code bufferSize}: messages a consumer group holds. */
  static final int DEFAULT_BUFFER_SIZE = 10_000;

  private static final Map<String, Broker> BROKERS = new HashMap<>();

  /** Stands for a redelivery task while it is being scheduled. */
  private static final Scheduler.Task NOT_YET = () -> {};

  private final String name;
  private final String consumerId;
  private final int bufferSize;
  private final Scheduler scheduler;
  private final Broker broker;
  private final Set<Member> members = ConcurrentHashMap.newKeySet();
  private final Map<Lease, Scheduler.Task> delayed = new ConcurrentHashMap<>();
  private volatile boolean closed;

  InMemoryPubSubComponent(String name, String consumerId, int bufferSize, Scheduler scheduler) {
    this.name = name;
    this.consumerId = consumerId;
    this.bufferSize = bufferSize;
    this.scheduler = scheduler;
    synchronized (BROKERS) {
      Broker b = BROKERS.computeIfAbsent(name, n -> new Broker());
      b.users++;
      this.broker = b;
    }
  }

  @Override
  public Set<PubSubFeature> features() {
    return Set.of();
  }

  @Override
  public void publish(PublishRequest request) throws InterruptedException {
    if (closed) {
      throw new IllegalStateException("component is closed");
    }
    String key = RequestMetadata.get(request.metadata(), "partitionKey").orElse(null);
    PubSubMessage m =
        new PubSubMessage(
            request.topic(), request.data(), request.metadata(), request.contentType(), key);
    for (Group g : broker.groups(request.topic())) {
      g.offer(m);
    }
  }

  @Override
  public Subscription subscribe(SubscribeRequest request, MessageHandler handler) {
    if (closed) {
      throw new IllegalStateException("component is closed");
    }
    Group g = broker.group(request.topic(), consumerId, bufferSize);
    Member m = new Member(g, handler, request.maxInFlight());
    members.add(m);
    g.join(m);
    return () -> {
      if (members.remove(m)) {
        g.leave(m);
      }
    };
  }

  @Override
  public void close() {
    closed = true;
    for (Member m : List.copyOf(members)) {
      if (members.remove(m)) {
        m.group.leave(m);
      }
    }
    // Messages waiting out a redelivery delay go back to their group now: the scheduler's tasks
    // end with this component, the broker may live on.
    for (Lease l : List.copyOf(delayed.keySet())) {
      Scheduler.Task t = delayed.remove(l);
      if (t != null) {
        t.cancel();
        l.member.group.requeue(l.message);
      }
    }
    synchronized (BROKERS) {
      if (--broker.users == 0) {
        BROKERS.remove(name, broker);
      }
    }
  }

  @Override
  public String toString() {
    return "InMemoryPubSub[" + name + ", consumerID=" + consumerId + "]";
  }

  /** The topics of one broker name. */
  private static final class Broker {
    int users;
    private final Map<String, Map<String, Group>> topics = new ConcurrentHashMap<>();

    Iterable<Group> groups(String topic) {
      Map<String, Group> g = topics.get(topic);
      return g == null ? List.of() : g.values();
    }

    Group group(String topic, String consumerId, int bufferSize) {
      return topics
          .computeIfAbsent(topic, t -> new ConcurrentHashMap<>())
          .computeIfAbsent(consumerId, c -> new Group(bufferSize));
    }
  }

  /** One member's hold on a message: settles once, unless given back first. */
  private final class Lease implements Acknowledgement {
    final PubSubMessage message;
    final Member member;
    private final AtomicInteger state = new AtomicInteger(); // 0 open, 1 settled, 2 given back

    Lease(PubSubMessage message, Member member) {
      this.message = message;
      this.member = member;
    }

    @Override
    public void ack() {
      if (state.compareAndSet(0, 1)) {
        member.group.settled(this);
      }
    }

    @Override
    public void nack(Duration redeliveryDelay) {
      if (state.compareAndSet(0, 1)) {
        member.group.settled(this);
        redeliverLater(this, redeliveryDelay);
      }
    }

    @Override
    public boolean revoked() {
      return state.get() == 2;
    }

    boolean giveBack() {
      return state.compareAndSet(0, 2);
    }
  }

  /** A subscription: the runtime's handler and its unsettled messages. */
  private final class Member {
    final Group group;
    final MessageHandler handler;
    final int maxInFlight;
    final Map<Lease, Boolean> unsettled = new LinkedHashMap<>();

    Member(Group group, MessageHandler handler, int maxInFlight) {
      this.group = group;
      this.handler = handler;
      this.maxInFlight = maxInFlight;
    }

    Lease lease(PubSubMessage m) {
      return new Lease(m, this);
    }
  }

  /** Puts a negatively acknowledged message back into its group once its delay passed. */
  private void redeliverLater(Lease lease, Duration delay) {
    delayed.put(lease, NOT_YET);
    Scheduler.Task t =
        scheduler.schedule(
            delay,
            () -> {
              if (delayed.remove(lease) != null) {
                lease.member.group.requeue(lease.message);
              }
            });
    delayed.replace(lease, NOT_YET, t);
  }

  /** A consumer group of one topic: its queue and members, shared by the broker's users. */
  private static final class Group {
    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    private final ArrayDeque<PubSubMessage> queue = new ArrayDeque<>();
    private final List<Member> active = new ArrayList<>();
    private int next;
    private boolean pumping;
    private boolean again;

    Group(int capacity) {
      this.capacity = capacity;
    }

    void offer(PubSubMessage m) throws InterruptedException {
      lock.lockInterruptibly();
      try {
        while (queue.size() >= capacity) {
          if (active.isEmpty()) {
            queue.poll(); // no member: keep the newest messages only
          } else {
            notFull.await();
          }
        }
        queue.add(m);
      } finally {
        lock.unlock();
      }
      pump();
    }

    void join(Member m) {
      lock.lock();
      try {
        active.add(m);
      } finally {
        lock.unlock();
      }
      pump();
    }

    void leave(Member m) {
      lock.lock();
      try {
        active.remove(m);
        List<Lease> back = new ArrayList<>(m.unsettled.keySet());
        m.unsettled.clear();
        for (int i = back.size() - 1; i >= 0; i--) {
          Lease l = back.get(i);
          if (l.giveBack()) {
            queue.addFirst(l.message);
          }
        }
      } finally {
        lock.unlock();
      }
      pump();
    }

    void settled(Lease lease) {
      lock.lock();
      try {
        lease.member.unsettled.remove(lease);
      } finally {
        lock.unlock();
      }
      pump();
    }

    void requeue(PubSubMessage m) {
      lock.lock();
      try {
        queue.addFirst(m);
      } finally {
        lock.unlock();
      }
      pump();
    }

    /** Hands queued messages to members with room; one thread at a time, so order is kept. */
    private void pump() {
      lock.lock();
      try {
        if (pumping) {
          again = true;
          return;
        }
        pumping = true;
      } finally {
        lock.unlock();
      }
      List<Lease> out = new ArrayList<>();
      while (true) {
        lock.lock();
        try {
          again = false;
          take(out);
          if (out.isEmpty() && !again) {
            pumping = false;
            return;
          }
        } finally {
          lock.unlock();
        }
        for (Lease l : out) {
          l.member.handler.handle(l.message, l);
        }
        out.clear();
      }
    }

    /** Under the lock: moves messages from the queue to members until one lacks room. */
    private void take(List<Lease> out) {
      boolean took = false;
      while (!queue.isEmpty() && !active.isEmpty()) {
        PubSubMessage m = queue.peek();
        Member target = target(m);
        if (target == null) {
          break;
        }
        queue.poll();
        took = true;
        Lease l = target.lease(m);
        target.unsettled.put(l, Boolean.TRUE);
        out.add(l);
      }
      if (took) {
        notFull.signalAll();
      }
    }

    /** The member a message goes to: one per partition key, else the next with room. */
    private Member target(PubSubMessage m) {
      int n = active.size();
      if (m.orderingKey() != null) {
        Member t = active.get(Math.floorMod(m.orderingKey().hashCode(), n));
        return t.unsettled.size() < t.maxInFlight ? t : null;
      }
      for (int i = 0; i < n; i++) {
        Member t = active.get(Math.floorMod(next++, n));
        if (t.unsettled.size() < t.maxInFlight) {
          return t;
        }
      }
      return null;
    }
  }
}
