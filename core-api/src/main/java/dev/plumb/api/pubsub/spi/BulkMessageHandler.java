package dev.plumb.api.pubsub.spi;

import java.util.Map;

/**
 * The runtime's callback for a component's native bulk subscription: contrib's {@code
 * pubsub.BulkHandler}. The component acknowledges every entry not in the returned map and
 * redelivers (or leaves unacknowledged) those in it. Throwing means every entry must be
 * redelivered.
 */
@FunctionalInterface
public interface BulkMessageHandler {

  /**
   * Hands one batch to the runtime.
   *
   * @param batch the messages
   * @return the entries to redeliver, by entry id, with the reason; empty if all are done
   * @throws Exception if every entry must be redelivered
   */
  Map<String, Exception> handle(BulkMessage batch) throws Exception;
}
