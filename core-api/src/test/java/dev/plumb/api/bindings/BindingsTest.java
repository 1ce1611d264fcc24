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

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
