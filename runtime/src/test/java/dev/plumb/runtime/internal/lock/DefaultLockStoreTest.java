package dev.plumb.runtime.internal.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.ComponentException;
import dev.plumb.api.ConfigurationException;
import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.lock.UnlockStatus;
import dev.plumb.api.lock.spi.LockComponent;
import dev.plumb.api.lock.spi.TryLockRequest;
import dev.plumb.api.lock.spi.UnlockRequest;
import dev.plumb.api.spi.ComponentMetadata;
import dev.plumb.runtime.internal.Invokers;
import dev.plumb.runtime.internal.LoadedComponent;
import dev.plumb.runtime.internal.RuntimeContext;
import dev.plumb.runtime.internal.serialization.JacksonSerializer;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class DefaultLockStoreTest {
  private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  private UnlockStatus answer = UnlockStatus.SUCCESS;

  /** Records the stored keys it is called with. */
  private final class Recording implements LockComponent {
    @Override
    public boolean tryLock(TryLockRequest r) {
      calls.add(r.resourceId() + " " + r.lockOwner() + " " + r.expiryInSeconds());
      return true;
    }

    @Override
    public UnlockStatus unlock(UnlockRequest r) {
      calls.add("unlock " + r.resourceId() + " " + r.lockOwner());
      return answer;
    }
  }

  private DefaultLockStore store(String appId, Map<String, String> metadata) {
    RuntimeContext runtime =
        new RuntimeContext(
            appId,
            "",
            new JacksonSerializer(),
            Clock.systemUTC(),
            null,
            Runnable::run,
            Runnable::run,
            n -> null,
            OpenTelemetry.noop());
    return new DefaultLockStore(
        runtime,
        new LoadedComponent<>(
            "lockstore",
            "lock.test",
            "v1",
            new Recording(),
            ComponentMetadata.of("test", metadata),
            Invokers.direct("lockstore", "lock.test", Runnable::run),
            Invokers.direct("lockstore", "lock.test", Runnable::run)));
  }

  private String keyFor(String appId, String keyPrefix) {
    calls.clear();
    Map<String, String> m = keyPrefix == null ? Map.of() : Map.of("keyPrefix", keyPrefix);
    store(appId, m).tryLock("res", "me", Duration.ofSeconds(10));
    return calls.get(0).split(" ")[0];
  }

  @Test
  void prefixesResourceIdsByTheKeyPrefixStrategy() {
    assertThat(keyFor("app", null)).isEqualTo("lock||app||res");
    assertThat(keyFor("app", "AppId")).isEqualTo("lock||app||res");
    assertThat(keyFor("", null)).isEqualTo("lock||res");
    assertThat(keyFor("app", "name")).isEqualTo("lock||lockstore||res");
    assertThat(keyFor("app", "none")).isEqualTo("lock||res");
    assertThat(keyFor("app", "custom")).isEqualTo("lock||custom||res");
  }

  @Test
  void passesOwnerAndWholeSecondsRoundedUp() {
    DefaultLockStore s = store("app", Map.of());
    assertThat(s.tryLock("r", "owner", Duration.ofMillis(1500))).isTrue();
    assertThat(s.unlock("r", "owner")).isEqualTo(UnlockStatus.SUCCESS);
    assertThat(calls).containsExactly("lock||app||r owner 2", "unlock lock||app||r owner");
  }

  @Test
  void validatesRequestsAsDaprDoes() {
    DefaultLockStore s = store("app", Map.of());
    assertThatThrownBy(() -> s.tryLock("", "o", Duration.ofSeconds(1)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("ResourceId is empty in lock store lockstore");
    assertThatThrownBy(() -> s.tryLock("r", "", Duration.ofSeconds(1)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("LockOwner is empty in lock store lockstore");
    assertThatThrownBy(() -> s.tryLock("r", "o", Duration.ZERO))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("ExpiryInSeconds is not positive in lock store lockstore");
    assertThatThrownBy(() -> s.tryLock("r", "o", Duration.ofSeconds(-3)))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> s.tryLock("a||b", "o", Duration.ofSeconds(1)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("lock store 'lockstore': input key/keyPrefix 'a||b' can't contain '||'");
    assertThatThrownBy(() -> s.unlock("", "o")).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> s.unlock("r", null)).isInstanceOf(InvalidRequestException.class);
    assertThat(calls).isEmpty();
  }

  @Test
  void asyncValidationFailuresCompleteExceptionally() {
    DefaultLockStore s = store("app", Map.of());
    assertThatThrownBy(
            () -> s.async().tryLock("", "o", Duration.ofSeconds(1)).toCompletableFuture().get())
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> s.async().unlock("r", "").toCompletableFuture().get())
        .hasCauseInstanceOf(InvalidRequestException.class);
    assertThat(calls).isEmpty();
  }

  @Test
  void theAsyncViewCallsTheSameComponent() throws Exception {
    DefaultLockStore s = store("app", Map.of());
    assertThat(s.async().tryLock("r", "owner", Duration.ofSeconds(3)).toCompletableFuture().get())
        .isTrue();
    assertThat(s.async().unlock("r", "owner").toCompletableFuture().get())
        .isEqualTo(UnlockStatus.SUCCESS);
    assertThat(calls).containsExactly("lock||app||r owner 3", "unlock lock||app||r owner");
  }

  @Test
  void anInternalErrorStatusIsThrown() {
    answer = UnlockStatus.INTERNAL_ERROR;
    DefaultLockStore s = store("app", Map.of());
    assertThatThrownBy(() -> s.unlock("r", "o")).isInstanceOf(ComponentException.class);
    assertThatThrownBy(() -> s.async().unlock("r", "o").toCompletableFuture().get())
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(ComponentException.class);
  }

  @Test
  void aKeyPrefixWithTheSeparatorIsAConfigurationError() {
    assertThatThrownBy(() -> store("app", Map.of("keyPrefix", "a||b")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("keyPrefix");
  }
}
