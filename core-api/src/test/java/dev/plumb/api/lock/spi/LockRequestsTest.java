package dev.plumb.api.lock.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.InvalidRequestException;
import org.junit.jupiter.api.Test;

class LockRequestsTest {

  @Test
  void validateIdsAndExpiry() {
    assertThat(new TryLockRequest("lock||r", "me", 1).expiryInSeconds()).isEqualTo(1);
    assertThatThrownBy(() -> new TryLockRequest("", "me", 5))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("resourceId must not be empty");
    assertThatThrownBy(() -> new TryLockRequest("r", "me", 0))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("expiryInSeconds must be positive, got 0");
    assertThatThrownBy(() -> new UnlockRequest("r", ""))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("lockOwner must not be empty");
  }
}
