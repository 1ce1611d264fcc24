package dev.plumb.testkit.bindings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.plumb.api.Subscription;
import dev.plumb.api.bindings.BindingEvent;
import dev.plumb.api.bindings.BindingOperations;
import dev.plumb.api.bindings.BindingResponse;
import dev.plumb.api.bindings.spi.InputBindingComponent;
import dev.plumb.api.bindings.spi.InvokeRequest;
import dev.plumb.api.bindings.spi.OutputBindingComponent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The bindings conformance kit: Dapr's {@code tests/conformance/bindings} scenarios (SEMANTICS
 * §13.3, ids BI-01..BI-12) against one binding component, input, output or both. A provider's test
 * extends this class and implements {@link #createComponent()} and {@link #expectedOperations()};
 * every scenario gets a fresh component, which the kit closes, and fresh request metadata from
 * {@link #outputMetadata()}, so scenarios are independent and can run against a shared server.
 *
 * <p>What the component declares is the configuration: the output scenarios follow the operations
 * it lists ({@code create}, {@code get}, {@code list}, {@code delete}), and for a standard
 * operation it does not list they check Dapr's other branch, that the component refuses it; the
 * read scenarios run when it is an {@link InputBindingComponent}, and otherwise check that it is an
 * output binding. Nothing is skipped.
 *
 * <p>Events for the read scenarios come from {@link #produceEvent(AutoCloseable)}: by default a
 * {@code create} on the component itself (a queue written and read); a binding whose events come
 * from elsewhere overrides it (cron moves its test scheduler).
 */
public abstract class BindingsConformanceKit {
  /**
   * Dapr's default output data: a CloudEvent-like JSON array (Azure Event Grid wants one), sent by
   * every {@code create}.
   */
  protected static final String DEFAULT_OUTPUT_DATA =
      "[{\"eventType\":\"test\",\"eventTime\": \"2018-01-25T22:12:19.4556811Z\","
          + "\"subject\":\"dapr-conf-tests\",\"id\":\"A234-1234-1234\",\"data\":\"root/>\"}]";

  /** Dapr's time limit for an event to be read. */
  protected static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  /** The time limit of the component's start and of each operation. */
  protected static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(30);

  private static final Set<String> STANDARD =
      Set.of(
          BindingOperations.CREATE,
          BindingOperations.GET,
          BindingOperations.LIST,
          BindingOperations.DELETE);

  private AutoCloseable component;
  private Map<String, String> metadata;

  /** For subclasses. */
  protected BindingsConformanceKit() {}

  /**
   * Creates and starts the component under test.
   *
   * @return a started component implementing {@link OutputBindingComponent}, {@link
   *     InputBindingComponent} or both
   * @throws Exception if it cannot start
   */
  protected abstract AutoCloseable createComponent() throws Exception;

  /**
   * Returns the operations Dapr documents for the binding's type (its {@code metadata.yaml} and
   * conformance configuration), which the component must list.
   *
   * @return the operations, such as {@code create}; empty for an input-only binding
   */
  protected abstract Set<String> expectedOperations();

  /**
   * Returns the request metadata of one scenario, sent with each of its invocations: a key, a file
   * name. Called once per scenario; make names unique so scenarios do not meet.
   *
   * @return the metadata; empty by default
   */
  protected Map<String, String> outputMetadata() {
    return Map.of();
  }

  /**
   * Returns the data every {@code create} sends.
   *
   * @return {@link #DEFAULT_OUTPUT_DATA} by default
   */
  protected String outputData() {
    return DEFAULT_OUTPUT_DATA;
  }

  /**
   * Makes the component read one event, after its reader is in place. The default invokes {@code
   * create} with {@link #outputData()} on the component itself.
   *
   * @param component the component under test
   * @throws Exception if the event cannot be produced
   */
  protected void produceEvent(AutoCloseable component) throws Exception {
    assertThat(component)
        .as("an input binding whose events do not come from its own create overrides produceEvent")
        .isInstanceOf(OutputBindingComponent.class);
    invoke(BindingOperations.CREATE);
  }

  /**
   * Returns whether an event whose handler threw is read again (a queue's redelivery).
   *
   * @return {@code false} by default
   */
  protected boolean redeliversFailedEvents() {
    return false;
  }

  @BeforeEach
  final void initComponent() {
    component = assertTimeoutPreemptively(OPERATION_TIMEOUT, this::createComponent, "init");
    metadata = Map.copyOf(outputMetadata());
  }

  @AfterEach
  final void closeComponent() throws Exception {
    if (component != null) {
      component.close();
    }
  }

  /**
   * Returns the component under test.
   *
   * @return the started component of the current scenario
   */
  protected final AutoCloseable component() {
    return component;
  }

  /**
   * Invokes an operation with {@link #outputData()} and the scenario's metadata.
   *
   * @param operation the operation
   * @return the component's answer, never {@code null}
   * @throws Exception what the component threw
   */
  protected final BindingResponse invoke(String operation) throws Exception {
    OutputBindingComponent out = output();
    InvokeRequest request =
        new InvokeRequest(operation, outputData().getBytes(StandardCharsets.UTF_8), metadata);
    BindingResponse r = assertTimeoutPreemptively(OPERATION_TIMEOUT, () -> out.invoke(request));
    return r == null ? BindingResponse.EMPTY : r;
  }

  private boolean isOutput() {
    return component instanceof OutputBindingComponent;
  }

  private boolean isInput() {
    return component instanceof InputBindingComponent;
  }

  private OutputBindingComponent output() {
    return (OutputBindingComponent) component;
  }

  private boolean declares(String operation) {
    return isOutput() && output().operations().contains(operation);
  }

  private void assertRefused(String operation) {
    if (isOutput()) {
      assertThatThrownBy(() -> invoke(operation))
          .as("an operation the component does not list is refused: %s", operation)
          .isNotNull();
    }
  }

  @Test
  @DisplayName("BI-01 init: the component starts as an input binding, an output binding or both")
  void init() {
    assertThat(isInput() || isOutput())
        .as("%s implements a binding SPI", component.getClass().getName())
        .isTrue();
    if (isOutput()) {
      assertThat(output().operations()).isNotEmpty().doesNotContainNull();
    } else {
      assertThat(expectedOperations()).as("an input-only binding lists no operation").isEmpty();
    }
  }

  @Test
  @DisplayName("BI-02 ping: each side answers or does not implement ping")
  void ping() throws Exception {
    if (isInput()) {
      ((InputBindingComponent) component).ping();
    }
    if (isOutput()) {
      output().ping();
    }
  }

  @Test
  @DisplayName("BI-03 operations: every operation Dapr documents is listed, in its spelling")
  void operations() {
    if (!isOutput()) {
      return;
    }
    // Dapr compares without regard to case; Plumb's facade matches exactly, so the spelling counts.
    assertThat(output().operations()).containsAll(expectedOperations());
  }

  @Test
  @DisplayName("BI-04 an operation the component does not list is refused")
  void unknownOperation() {
    assertRefused("conformance-unknown-operation");
    for (String op : STANDARD) {
      if (isOutput() && !declares(op)) {
        assertRefused(op);
      }
    }
  }

  @Test
  @DisplayName("BI-05 create: the component accepts Dapr's output data")
  void create() throws Exception {
    if (declares(BindingOperations.CREATE)) {
      invoke(BindingOperations.CREATE);
    }
  }

  @Test
  @DisplayName("BI-06 get: answers without error, and returns what create wrote")
  void get() throws Exception {
    if (!declares(BindingOperations.GET)) {
      return;
    }
    boolean created = declares(BindingOperations.CREATE);
    if (created) {
      invoke(BindingOperations.CREATE);
    }
    BindingResponse r = invoke(BindingOperations.GET);
    if (created) {
      assertThat(r.dataAsString()).isEqualTo(outputData());
    }
  }

  @Test
  @DisplayName("BI-07 list: answers without error")
  void list() throws Exception {
    if (!declares(BindingOperations.LIST)) {
      return;
    }
    if (declares(BindingOperations.CREATE)) {
      invoke(BindingOperations.CREATE);
    }
    assertThat(invoke(BindingOperations.LIST)).isNotNull();
  }

  @Test
  @DisplayName("BI-08 delete: answers without error; a get afterwards answers with no data")
  void delete() throws Exception {
    if (!declares(BindingOperations.DELETE)) {
      return;
    }
    boolean roundTrip = declares(BindingOperations.CREATE) && declares(BindingOperations.GET);
    if (roundTrip) {
      invoke(BindingOperations.CREATE);
    }
    invoke(BindingOperations.DELETE);
    if (roundTrip) {
      assertThat(invoke(BindingOperations.GET).data()).as("data after delete").isNull();
    }
  }

  @Test
  @DisplayName("BI-09 read: an event reaches the handler")
  void read() throws Exception {
    if (!isInput()) {
      return;
    }
    List<BindingEvent> events = new CopyOnWriteArrayList<>();
    Subscription reader =
        assertTimeoutPreemptively(
            OPERATION_TIMEOUT,
            () ->
                ((InputBindingComponent) component)
                    .read(
                        e -> {
                          events.add(e);
                          return null;
                        }));
    try {
      produceEvent(component);
      await().atMost(READ_TIMEOUT).until(() -> !events.isEmpty());
      if (isOutput() && declares(BindingOperations.CREATE)) {
        assertThat(events.get(0).dataAsString()).isEqualTo(outputData());
      }
    } finally {
      reader.close();
    }
  }

  @Test
  @DisplayName("BI-10 once its reader is closed, the handler is called no more")
  void readerClosed() throws Exception {
    if (!isInput()) {
      return;
    }
    AtomicInteger calls = new AtomicInteger();
    Subscription reader =
        ((InputBindingComponent) component)
            .read(
                e -> {
                  calls.incrementAndGet();
                  return null;
                });
    produceEvent(component);
    await().atMost(READ_TIMEOUT).until(() -> calls.get() > 0);
    reader.close();
    int seen = calls.get();
    produceEvent(component);
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(5))
        .until(() -> calls.get() == seen);
  }

  @Test
  @DisplayName("BI-11 an event whose handler failed is read again, where the source redelivers")
  void redelivery() throws Exception {
    if (!isInput() || !redeliversFailedEvents()) {
      return;
    }
    List<String> seen = new CopyOnWriteArrayList<>();
    Subscription reader =
        ((InputBindingComponent) component)
            .read(
                e -> {
                  seen.add(e.dataAsString());
                  if (seen.size() == 1) {
                    throw new IllegalStateException("conformance: fail the first delivery");
                  }
                  return null;
                });
    try {
      produceEvent(component);
      await().atMost(READ_TIMEOUT).until(() -> seen.size() >= 2);
      assertThat(seen.get(1)).isEqualTo(seen.get(0));
    } finally {
      reader.close();
    }
  }

  @Test
  @DisplayName("BI-12 close: the component closes without error")
  void close() throws Exception {
    AutoCloseable c = component;
    component = null;
    c.close();
  }
}
