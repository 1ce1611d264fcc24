package dev.plumb.api.bindings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.bindings.spi.InvokeRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BindingsTest {

  @Test
  void standardOperationsUseDaprSpelling() {
    assertThat(BindingOperations.CREATE).isEqualTo("create");
    assertThat(BindingOperations.GET).isEqualTo("get");
    assertThat(BindingOperations.DELETE).isEqualTo("delete");
    assertThat(BindingOperations.LIST).isEqualTo("list");
  }

  @Test
  void invokeRequestValidatesAndDefaults() {
    InvokeRequest r = new InvokeRequest("create", null, null);
    assertThat(r.data()).isEmpty();
    assertThat(r.metadata()).isEmpty();
    assertThatThrownBy(() -> new InvokeRequest("", new byte[0], Map.of()))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(new InvokeRequest("get", "pw".getBytes(StandardCharsets.UTF_8), Map.of("key", "k")))
        .hasToString("InvokeRequest[operation=get, bytes=2, metadata=[key]]");
  }

  @Test
  void responseDistinguishesNoDataFromEmptyDataAndComparesByContent() {
    BindingResponse none = BindingResponse.EMPTY;
    BindingResponse empty = new BindingResponse(new byte[0], null, null);
    assertThat(none.data()).isNull();
    assertThat(none.dataAsString()).isNull();
    assertThat(empty.dataAsString()).isEmpty();
    assertThat(none).isNotEqualTo(empty);

    BindingResponse a =
        new BindingResponse(bytes("[1,2]"), Map.of("statusCode", "200"), "application/json");
    BindingResponse b =
        new BindingResponse(bytes("[1,2]"), Map.of("statusCode", "200"), "application/json");
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(new BindingResponse(bytes("[1,3]"), a.metadata(), a.contentType()));
    assertThat(a.toString()).contains("bytes=5", "statusCode").doesNotContain("[1,2]");
  }

  @Test
  void eventRequiresDataAndCopiesMetadata() {
    assertThatThrownBy(() -> new BindingEvent(null, Map.of(), null))
        .isInstanceOf(NullPointerException.class);
    BindingEvent e = new BindingEvent(bytes("tick"), Map.of("timeZone", "UTC"), null);
    assertThat(e.dataAsString()).isEqualTo("tick");
    assertThat(e.toString()).doesNotContain("tick");
  }

  @Test
  void requiredRequestMetadataNamesTheOperationAndTheKey() {
    InvokeRequest r = new InvokeRequest("exec", null, Map.of("sql", "select 1", "params", ""));
    assertThat(r.requireMetadata("sql")).isEqualTo("select 1");
    assertThat(r.metadata("params")).isEmpty();
    assertThat(r.metadata("SQL")).as("keys match exactly, as in Dapr").isEmpty();
    assertThatThrownBy(() -> r.requireMetadata("params"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("operation 'exec': request metadata 'params' is required");
  }

  @Test
  void inputBindingOptionsRefuseANonPositiveConcurrency() {
    assertThat(InputBindingOptions.DEFAULT.maxConcurrency())
        .isEqualTo(InputBindingOptions.DEFAULT_MAX_CONCURRENCY);
    InputBindingOptions one = InputBindingOptions.builder().maxConcurrency(1).build();
    assertThat(one.toBuilder().build().maxConcurrency()).isEqualTo(1);
    assertThatThrownBy(() -> InputBindingOptions.builder().maxConcurrency(0))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("maxConcurrency must be positive, got 0");
  }

  @Test
  void aBindingExceptionCarriesTheAnswer() {
    BindingResponse answer = new BindingResponse(bytes("gone"), Map.of("statusCode", "404"), null);
    BindingException e = new BindingException("api", "bindings.http", "get: status 404", answer);
    assertThat(e).hasMessage("component 'api' (bindings.http): get: status 404");
    assertThat(e.response()).isSameAs(answer);
    assertThat(e.componentName()).isEqualTo("api");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
