package dev.plumb.api.state.spi;

import java.util.List;

/**
 * One page of a keys-like listing.
 *
 * @param keys the matching stored keys
 * @param continuationToken the token for the next page, or {@code null} if this is the last
 */
public record KeysPage(List<String> keys, String continuationToken) {
  /** Copies the components. */
  public KeysPage {
    keys = List.copyOf(keys);
  }
}
