package dev.plumb.api.pubsub;

import java.util.List;
import java.util.Map;

/**
 * Handles the events of a bulk subscription a batch at a time. A batch is handed over once it holds
 * {@code maxMessagesCount} entries or {@code maxAwaitDuration} has passed since its first.
 *
 * <p>Unlike single deliveries, an entry missing from the answer, or answered {@code null}, is
 * retried (Dapr's rule for bulk subscriptions). Throwing retries the whole batch.
 *
 * @param <T> the payloads' type
 */
@FunctionalInterface
public interface BulkTopicHandler<T> {

  /**
   * Handles one batch.
   *
   * @param entries the batch, in delivery order; not empty
   * @return each entry's result, keyed by {@link BulkEntry#entryId()}
   * @throws Exception to have every entry of the batch retried
   */
  Map<String, DeliveryResult> handle(List<BulkEntry<T>> entries) throws Exception;
}
