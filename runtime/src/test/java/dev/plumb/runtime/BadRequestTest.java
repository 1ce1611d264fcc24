package dev.plumb.runtime;

import static dev.plumb.runtime.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.SerializationException;
import dev.plumb.api.state.Filter;
import dev.plumb.api.state.QueryResult;
import dev.plumb.api.state.SaveOptions;
import dev.plumb.api.state.StateItem;
import dev.plumb.api.state.StateOperation;
import dev.plumb.api.state.StateQuery;
import dev.plumb.api.state.StateStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad requests are the caller's errors, never the store's: {@link InvalidRequestException} raised
 * before the resilient path, so a retry policy never repeats them and a circuit breaker never
 * counts them; nothing of them is written.
 */
class BadRequestTest {
  @TempDir Path dir;
  private Plumb plumb;
  private StateStore store;

  /** Retries forever and opens after three failures: a bad request counted as a failure shows. */
  @BeforeEach
  void build() {
    write(
        dir,
        "resiliency.yaml",
        """
        apiVersion: dapr.io/v1alpha1
        kind: Resiliency
        metadata:
          name: policies
        spec:
          policies:
            retries:
              forever: {policy: constant, duration: 1ms, maxRetries: -1}
            circuitBreakers:
              three: {trip: consecutiveFailures >= 3, timeout: 1h}
          targets:
            components:
              statestore:
                outbound: {retry: forever, circuitBreaker: three}
        """);
    plumb =
        Plumb.builder()
            .appId("app")
            .resources(dir)
            .component("statestore", "state.in-memory", Map.of())
            .build();
    store = plumb.stateStore("statestore");
  }

  @AfterEach
  void close() {
    plumb.close();
  }

  private static final Duration LONGEST_TTL = Duration.ofSeconds(9_223_372_036L);

  private List<Executable> badRequests() {
    return List.of(
        () -> store.query("{\"filter\":{\"EQ\":{\"n\":1e400}}}", Object.class),
        () -> store.query("{\"filter\":{\"AND\":[{\"EQ\":{\"a\":1}}]}}", Object.class),
        () -> store.query("{\"filter\":{\"IN\":{\"state\":[]}}}", Object.class),
        () -> store.query("{\"page\":{\"token\":\"not-a-number\"}}", Object.class),
        () -> store.query(StateQuery.of(Filter.gt("n", Double.NaN)), Object.class),
        () -> store.save("a||b", 1),
        () -> store.save("k", 1, SaveOptions.ttl(Duration.ofSeconds(Long.MAX_VALUE))),
        () -> store.save("k", 1, SaveOptions.ttl(LONGEST_TTL.plusSeconds(1))),
        () ->
            store.save(
                "k",
                1,
                SaveOptions.builder()
                    .metadata("ttlInSeconds", Long.toString(Long.MAX_VALUE))
                    .build()),
        () -> store.delete(null),
        () -> store.getBulk(Arrays.asList("a", "b||c"), String.class),
        () ->
            store.transact(
                List.of(
                    StateOperation.upsert("a", 1),
                    StateOperation.upsert(
                        "b", 2, SaveOptions.ttl(Duration.ofSeconds(Long.MAX_VALUE))))));
  }

  @Test
  void badRequestsAreNeverRetriedAndNeverOpenTheBreaker() {
    assertTimeoutPreemptively(
        Duration.ofSeconds(30),
        () -> {
          for (int round = 0; round < 3; round++) {
            for (Executable bad : badRequests()) {
              assertThatThrownBy(bad::execute).isInstanceOf(InvalidRequestException.class);
            }
          }
        });

    store.save("k", "ok");
    assertThat(store.get("k", String.class).value()).isEqualTo("ok");
  }

  @Test
  void asyncBadRequestsFailTheirStageWithoutReachingTheStore() {
    List<Executable> bad = new ArrayList<>();
    bad.add(() -> store.async().save("a||b", 1).toCompletableFuture().join());
    bad.add(
        () ->
            store
                .async()
                .save("k", 1, SaveOptions.ttl(Duration.ofSeconds(Long.MAX_VALUE)))
                .toCompletableFuture()
                .join());
    bad.add(
        () ->
            store
                .async()
                .query(StateQuery.of(Filter.eq("n", Double.POSITIVE_INFINITY)), Object.class)
                .toCompletableFuture()
                .join());
    assertTimeoutPreemptively(
        Duration.ofSeconds(30),
        () -> {
          for (int round = 0; round < 3; round++) {
            for (Executable call : bad) {
              assertThatThrownBy(call::execute)
                  .isInstanceOf(CompletionException.class)
                  .hasCauseInstanceOf(InvalidRequestException.class);
            }
          }
        });

    assertThat(store.async().get("nothing", String.class).toCompletableFuture().join()).isNull();
  }

  @Test
  void aRefusedRequestWritesNothing() {
    store.save("k", "old");

    assertThatThrownBy(
            () -> store.save("k", "new", SaveOptions.ttl(Duration.ofSeconds(Long.MAX_VALUE))))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("longer than the longest, 9223372036 seconds");
    assertThatThrownBy(
            () ->
                store.transact(
                    List.of(
                        StateOperation.upsert("a", 1),
                        StateOperation.upsert(
                            "b",
                            2,
                            SaveOptions.builder().metadata("ttlInSeconds", "9223372037").build()))))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage(
            "metadata ttlInSeconds must be at most 9223372036 (about 292 years), got 9223372037");

    assertThat(store.get("k", String.class).value()).isEqualTo("old");
    assertThat(store.get("a", Integer.class)).isNull();
    assertThat(store.get("b", Integer.class)).isNull();
  }

  @Test
  void aValueThatCouldNotBeReadBackIsRefusedAtSave() {
    store.save("k", "old");

    assertThatThrownBy(() -> store.save("k", "x".repeat(20_000_001)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("StreamReadConstraints.getMaxStringLength()");

    assertThat(store.get("k", String.class).value()).isEqualTo("old");
  }

  @Test
  void theLongestTtlIsAccepted() {
    store.save("k", "v", SaveOptions.ttl(LONGEST_TTL));

    assertThat(store.get("k", String.class).metadata()).containsKey(StateItem.TTL_EXPIRE_TIME);
  }

  @Test
  void aNullInAnInListMatchesJsonNull() {
    store.save("nothing", Map.of("state", "none"));
    store.save("null", raw("{\"state\":null}"));
    store.save("active", Map.of("state", "ACTIVE"));

    QueryResult<Object> result =
        store.query("{\"filter\":{\"IN\":{\"state\":[null,\"ACTIVE\"]}}}", Object.class);

    assertThat(result.items()).extracting(StateItem::key).containsExactly("active", "null");
  }

  @Test
  void storedNumbersBeyondADoubleStillFilterAndSort() {
    store.save("huge", raw("{\"n\":1e400}"));
    store.save("small", raw("{\"n\":5}"));
    store.save("negative", raw("{\"n\":-1e400}"));
    // Found by fuzzing: an exponent no BigDecimal holds makes the value unqueryable, not a failure.
    store.save("beyond", raw("{\"n\":2222212222E22222222222222222222222}"));

    QueryResult<Object> sorted =
        store.query("{\"filter\":{\"GT\":{\"n\":0}},\"sort\":[{\"key\":\"n\"}]}", Object.class);
    QueryResult<Object> descending =
        store.query("{\"sort\":[{\"key\":\"n\",\"order\":\"DESC\"}]}", Object.class);

    assertThat(sorted.items()).extracting(StateItem::key).containsExactly("small", "huge");
    assertThat(descending.items())
        .extracting(StateItem::key)
        .containsExactly("huge", "small", "negative");
  }

  @Test
  void aPageTokenPastTheEndIsAnEmptyLastPage() {
    store.save("a", Map.of("n", 1));
    store.save("b", Map.of("n", 2));

    QueryResult<Object> page =
        store.query("{\"page\":{\"limit\":10,\"token\":\"2147483647\"}}", Object.class);
    QueryResult<Object> longToken =
        store.query("{\"page\":{\"limit\":10,\"token\":\"9223372036854775807\"}}", Object.class);

    assertThat(page.items()).isEmpty();
    assertThat(page.token()).isNull();
    assertThat(longToken.items()).isEmpty();
    assertThat(longToken.token()).isNull();
  }

  private static byte[] raw(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }
}
