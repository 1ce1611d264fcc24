package dev.plumb.runtime.internal.resources;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A declarative {@code Subscription} resource ({@code dapr.io/v1alpha1} or {@code v2alpha1}).
 *
 * @param name {@code metadata.name}
 * @param pubsubName {@code spec.pubsubname}
 * @param topic {@code spec.topic}
 * @param rules {@code spec.routes.rules}, in order (empty for v1alpha1)
 * @param defaultRoute {@code spec.routes.default}, or v1alpha1's {@code spec.route}; may be {@code
 *     null}
 * @param metadata {@code spec.metadata}, such as {@code rawPayload}
 * @param deadLetterTopic {@code spec.deadLetterTopic}, or {@code null}
 * @param bulkSubscribe {@code spec.bulkSubscribe}; disabled with Dapr's defaults if absent
 * @param scopes the app ids that subscribe; empty means all
 * @param document the document it came from
 */
public record SubscriptionResource(
    String name,
    String pubsubName,
    String topic,
    List<Rule> rules,
    String defaultRoute,
    Map<String, String> metadata,
    String deadLetterTopic,
    BulkSubscribe bulkSubscribe,
    List<String> scopes,
    ResourceDocument document) {

  /** Copies the collections. */
  public SubscriptionResource {
    Objects.requireNonNull(pubsubName, "pubsubName");
    Objects.requireNonNull(topic, "topic");
    rules = List.copyOf(rules);
    metadata = Map.copyOf(metadata);
    scopes = List.copyOf(scopes);
  }

  /**
   * One routing rule.
   *
   * @param match a CEL expression over the CloudEvent
   * @param path the route (handler path) for matching events
   */
  public record Rule(String match, String path) {}

  /**
   * Bulk delivery settings.
   *
   * @param enabled whether events are delivered in batches
   * @param maxMessagesCount the largest batch (Dapr's default 100)
   * @param maxAwaitDurationMs the longest wait for a batch to fill, in ms (Dapr's default 1000)
   */
  public record BulkSubscribe(boolean enabled, int maxMessagesCount, int maxAwaitDurationMs) {
    /** Bulk delivery off, with Dapr's defaults. */
    public static final BulkSubscribe DISABLED = new BulkSubscribe(false, 100, 1000);
  }
}
