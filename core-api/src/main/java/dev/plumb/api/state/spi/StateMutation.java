package dev.plumb.api.state.spi;

import dev.plumb.api.state.ETag;
import java.util.Map;

/** A component-level write: a {@link SetRequest} or a {@link DeleteRequest}. */
public sealed interface StateMutation permits SetRequest, DeleteRequest {

  /**
   * Returns the stored key.
   *
   * @return the key, prefix included
   */
  String key();

  /**
   * Returns the etag to match.
   *
   * @return the etag, or {@code null} for none
   */
  ETag etag();

  /**
   * Returns the request metadata.
   *
   * @return never {@code null}
   */
  Map<String, String> metadata();
}
