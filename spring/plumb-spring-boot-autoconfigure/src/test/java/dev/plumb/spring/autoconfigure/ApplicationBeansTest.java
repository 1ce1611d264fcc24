package dev.plumb.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.plumb.api.state.StateStore;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.databind.json.JsonMapper;

/** The application's mapper and OpenTelemetry beans are the runtime's. */
class ApplicationBeansTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(PlumbAutoConfiguration.class))
          .withPropertyValues("plumb.resources.paths=classpath:one-store");

  public record Item(String orderId) {}

  @SuppressWarnings("unchecked")
  private static Map<String, Object> stored(StateStore store) {
    store.save("k", new Item("o-1"));
    return store.get("k", Map.class).value();
  }

  @Test
  void aJackson2ObjectMapperBeanSerializesValues() {
    runner
        .withBean(
            ObjectMapper.class,
            () -> new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE))
        .run(
            context ->
                assertThat(stored(context.getBean(StateStore.class)))
                    .containsEntry("order_id", "o-1"));
  }

  @Test
  void aJackson3JsonMapperBeanSerializesValuesWhenThereIsNoJackson2Mapper() {
    runner
        .withBean(
            JsonMapper.class,
            () ->
                JsonMapper.builder()
                    .propertyNamingStrategy(
                        tools.jackson.databind.PropertyNamingStrategies.KEBAB_CASE)
                    .build())
        .run(
            context ->
                assertThat(stored(context.getBean(StateStore.class)))
                    .containsEntry("order-id", "o-1"));
  }

  @Test
  void withoutMapperBeansPlumbsOwnMapperIsUsed() {
    runner.run(
        context ->
            assertThat(stored(context.getBean(StateStore.class))).containsEntry("orderId", "o-1"));
  }

  @Test
  void anOpenTelemetryBeanReceivesTheRuntimesSpans() {
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    OpenTelemetrySdk otel =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .build())
            .build();
    runner
        .withBean(OpenTelemetry.class, () -> otel)
        .run(
            context -> {
              context.getBean(StateStore.class).save("k", 1);
              assertThat(spans.getFinishedSpanItems()).isNotEmpty();
            });
    otel.close();
  }
}
