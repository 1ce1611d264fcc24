package dev.plumb.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.api.pubsub.PubSub;
import dev.plumb.api.state.StateStore;
import dev.plumb.runtime.Plumb;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.NoUniqueBeanDefinitionException;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class ComponentBeansTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(PlumbAutoConfiguration.class));

  record TwoStores(StateStore orders, StateStore carts) {}

  record OneStore(StateStore store, PubSub pubsub) {}

  @Configuration(proxyBeanMethods = false)
  static class TwoStoresConfig {
    @Bean
    TwoStores twoStores(
        @Qualifier("orders") StateStore orders, @Qualifier("carts") StateStore carts) {
      return new TwoStores(orders, carts);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OneStoreConfig {
    @Bean
    OneStore oneStore(StateStore store, PubSub pubsub) {
      return new OneStore(store, pubsub);
    }
  }

  @Test
  void twoStateStoresAreInjectedByQualifierAndAreDistinct() {
    runner
        .withPropertyValues("plumb.app-id=shop", "plumb.resources.paths=classpath:two-stores/")
        .withUserConfiguration(TwoStoresConfig.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              TwoStores stores = context.getBean(TwoStores.class);
              assertThat(stores.orders().name()).isEqualTo("orders");
              assertThat(stores.carts().name()).isEqualTo("carts");
              stores.orders().save("k", "in orders");
              assertThat(stores.carts().get("k", String.class)).isNull();
              assertThat(stores.orders().get("k", String.class).value()).isEqualTo("in orders");
              assertThat(context.getBean("orders")).isSameAs(stores.orders());
              // Two of one block: neither is primary, so an unqualified lookup is ambiguous.
              org.assertj.core.api.Assertions.assertThatThrownBy(
                      () -> context.getBean(StateStore.class))
                  .isInstanceOf(NoUniqueBeanDefinitionException.class);
              // The only pub/sub of the context is primary.
              assertThat(context.getBean(PubSub.class).name()).isEqualTo("events");
            });
  }

  @Test
  void theOnlyStoreOfItsBlockIsInjectedWithoutQualifier() {
    runner
        .withPropertyValues("plumb.resources.paths=classpath:one-store")
        .withUserConfiguration(OneStoreConfig.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              OneStore one = context.getBean(OneStore.class);
              assertThat(one.store().name()).isEqualTo("statestore");
              assertThat(one.pubsub().name()).isEqualTo("pubsub");
              assertThat(one.store())
                  .isSameAs(context.getBean(Plumb.class).stateStore("statestore"));
            });
  }

  @Test
  void metadataPropertiesReachTheComponent() {
    runner
        .withPropertyValues(
            "plumb.resources.paths=classpath:one-store",
            "plumb.components.statestore.metadata.notAField=1")
        .run(
            context ->
                assertThat(context.getBean(Plumb.class).warnings())
                    .anyMatch(w -> w.contains("notAField")));
  }

  @Test
  void metadataForAnUnknownComponentFailsTheContextNamingIt() {
    runner
        .withPropertyValues(
            "plumb.resources.paths=classpath:one-store",
            "plumb.components.nosuch.metadata.keyPrefix=none")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .hasStackTraceContaining("not loaded: [nosuch]"));
  }

  @Test
  void fileLocationsAndDisablingWork() {
    runner
        .withPropertyValues("plumb.resources.paths=file:src/test/resources/two-stores")
        .run(context -> assertThat(context).hasBean("orders").hasBean("carts").hasBean("events"));
    runner
        .withPropertyValues("plumb.enabled=false", "plumb.resources.paths=classpath:two-stores")
        .run(context -> assertThat(context).doesNotHaveBean(Plumb.class).doesNotHaveBean("orders"));
  }

  @Test
  void configurationMetadataIsGeneratedForIdes() throws Exception {
    try (var in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).isNotNull();
      assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
          .contains(
              "\"plumb.app-id\"",
              "\"plumb.resources.paths\"",
              "\"plumb.components\"",
              "\"plumb.shutdown-grace-period\"");
    }
  }
}
