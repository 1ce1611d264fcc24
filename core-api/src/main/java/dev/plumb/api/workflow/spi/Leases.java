package dev.plumb.api.workflow.spi;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The lease table as one {@link WorkflowStore#lease} call left it.
 *
 * @param leases the granted leases, at most one per partition; a partition without one is free
 * @param members the engines that called {@code lease} recently, with when each is presumed gone
 */
public record Leases(List<Lease> leases, Map<String, Instant> members) {

  /**
   * Copies the collections.
   *
   * @param leases not {@code null}
   * @param members not {@code null}
   */
  public Leases {
    leases = List.copyOf(leases);
    members = Map.copyOf(members);
  }
}
