package dev.plumb.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Subscribes a bean method to a topic of a pub/sub component. The subscription opens when the
 * application context has started (after every bean is built) and closes, draining deliveries in
 * flight, before the web server stops.
 *
 * <p>Single-event signatures take the payload ({@code void on(Order o)}), the envelope ({@code
 * CloudEvent}), or both, or a {@code TopicEvent<Order>}. Bulk signatures ({@link #bulk()}) take a
 * {@code List<BulkEntry<Order>>} or a {@code List<Order>}. A method returns {@code void} (success),
 * a {@code DeliveryResult} (SUCCESS, RETRY, DROP), or for bulk a {@code Map<String,
 * DeliveryResult>} by entry id. A thrown exception means RETRY, as in Dapr.
 *
 * <p>Several methods on one topic with {@link #match()} rules make one subscription with routes,
 * the rules tried by ascending {@link #priority()}; the method without a rule is the default route.
 * They must agree on the options ({@link #deadLetterTopic()}, {@link #rawPayload()}, {@link
 * #bulk()}, {@link #concurrency()}).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Topic {

  /**
   * Names the pub/sub component.
   *
   * @return its {@code metadata.name}; empty means the only pub/sub component
   */
  String pubsub() default "";

  /**
   * Names the topic.
   *
   * @return the topic; may be a {@code ${property}} placeholder
   */
  String topic();

  /**
   * Gives a CEL rule over {@code event}, such as {@code event.type == "order.created"}.
   *
   * @return the rule; empty for the default route
   */
  String match() default "";

  /**
   * Orders the rules of one topic, lowest first.
   *
   * @return the priority
   */
  int priority() default 0;

  /**
   * Names the topic where events go that end in DROP or exhaust their retries.
   *
   * @return the dead-letter topic; empty for none
   */
  String deadLetterTopic() default "";

  /**
   * Reads the payload as it was published, without the CloudEvent envelope.
   *
   * @return {@code true} for raw payloads
   */
  boolean rawPayload() default false;

  /**
   * Delivers events in batches.
   *
   * @return {@code true} for a bulk subscription
   */
  boolean bulk() default false;

  /**
   * Caps a batch's size.
   *
   * @return the largest batch, 100 by default (Dapr's)
   */
  int maxMessages() default 100;

  /**
   * Caps how long a batch waits to fill, in milliseconds.
   *
   * @return the wait, 1000 by default (Dapr's)
   */
  long maxAwaitMillis() default 1000;

  /**
   * Caps the deliveries handled at once.
   *
   * @return the concurrency; 0 keeps the component's default
   */
  int concurrency() default 0;
}
