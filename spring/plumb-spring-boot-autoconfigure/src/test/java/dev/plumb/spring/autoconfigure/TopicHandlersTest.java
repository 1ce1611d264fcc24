package dev.plumb.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plumb.api.pubsub.BulkEntry;
import dev.plumb.api.pubsub.CloudEvent;
import dev.plumb.api.pubsub.DeliveryResult;
import dev.plumb.api.pubsub.PubSub;
import dev.plumb.spring.DeliveryListener;
import dev.plumb.spring.Topic;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class TopicHandlersTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(PlumbAutoConfiguration.class))
          .withPropertyValues("plumb.app-id=shop", "plumb.resources.paths=classpath:one-store");

  public record Order(String id, int amount) {}

  /** Records what each method received. */
  public static class Handlers {
    final List<Order> orders = new CopyOnWriteArrayList<>();
    final List<String> big = new CopyOnWriteArrayList<>();
    final List<String> small = new CopyOnWriteArrayList<>();
    final List<String> dead = new CopyOnWriteArrayList<>();
    final List<String> envelopes = new CopyOnWriteArrayList<>();
    final List<Integer> batches = new CopyOnWriteArrayList<>();

    @Topic(topic = "${test.topic:orders}")
    public void onOrder(Order order, CloudEvent event) {
      orders.add(order);
      envelopes.add(event.type());
    }

    @Topic(topic = "amounts", match = "event.data.amount > 100", priority = 1)
    public void onBig(Order order) {
      big.add(order.id());
    }

    @Topic(topic = "amounts")
    public DeliveryResult onSmall(Order order) {
      small.add(order.id());
      return DeliveryResult.SUCCESS;
    }

    @Topic(topic = "checked", deadLetterTopic = "checked-dlq")
    public DeliveryResult onChecked(Order order) {
      return order.amount() < 0 ? DeliveryResult.DROP : DeliveryResult.SUCCESS;
    }

    @Topic(topic = "checked-dlq")
    public void onDead(Order order) {
      dead.add(order.id());
    }

    @Topic(topic = "batch", bulk = true, maxMessages = 10, maxAwaitMillis = 50)
    public Map<String, DeliveryResult> onBatch(List<BulkEntry<Order>> entries) {
      batches.add(entries.size());
      return Map.of();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Config {
    final List<DeliveryResult> outcomes = new CopyOnWriteArrayList<>();

    @Bean
    Handlers handlers() {
      return new Handlers();
    }

    @Bean
    DeliveryListener recorder() {
      return (pubsub, topic, event, result, failure) -> outcomes.add(result);
    }
  }

  @Test
  void topicMethodsReceivePayloadEnvelopeRoutesDeadLettersAndBatches() {
    runner
        .withUserConfiguration(Config.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              PubSub pubsub = context.getBean(PubSub.class);
              Handlers h = context.getBean(Handlers.class);
              pubsub.publish("orders", new Order("o-1", 5));
              pubsub.publish("amounts", new Order("big", 500));
              pubsub.publish("amounts", new Order("small", 5));
              pubsub.publish("checked", new Order("bad", -1));
              pubsub.publish("checked", new Order("good", 1));
              for (int i = 0; i < 3; i++) {
                pubsub.publish("batch", new Order("b" + i, i));
              }
              await().until(() -> h.orders.size() == 1);
              assertThat(h.orders).containsExactly(new Order("o-1", 5));
              assertThat(h.envelopes).containsExactly(CloudEvent.DEFAULT_TYPE);
              await().until(() -> h.big.size() + h.small.size() == 2);
              assertThat(h.big).containsExactly("big");
              assertThat(h.small).containsExactly("small");
              await().until(() -> h.dead.size() == 1);
              assertThat(h.dead).containsExactly("bad");
              await().until(() -> h.batches.stream().mapToInt(Integer::intValue).sum() == 3);
              assertThat(context.getBean(Config.class).outcomes).contains(DeliveryResult.DROP);
            });
  }

  /** Two methods on one topic without a rule: a clear error at start. */
  public static class Ambiguous {
    @Topic(topic = "t")
    public void one(String s) {}

    @Topic(topic = "t", match = "event.type == 'x'")
    public void two(String s) {}

    @Topic(topic = "t")
    public void three(String s) {}
  }

  @Test
  void twoDefaultRoutesOnOneTopicFailTheStart() {
    runner
        .withBean(Ambiguous.class)
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .hasStackTraceContaining("two @Topic methods of topic 't' have no match rule"));
  }

  /** A signature the adapter cannot call. */
  public static class BadSignature {
    @Topic(topic = "t")
    public String wrong(String s) {
      return s;
    }
  }

  @Test
  void aBadSignatureFailsTheContextNamingTheMethod() {
    runner
        .withBean(BadSignature.class)
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .hasStackTraceContaining("BadSignature#wrong")
                    .hasStackTraceContaining("returns void or DeliveryResult"));
  }
}
