package dev.plumb.configuration.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.api.configuration.ConfigurationItem;
import org.junit.jupiter.api.Test;

/** Dapr's value format and the notification flags, without a server. */
class RedisConfigurationTest {

  @Test
  void parsesDaprsValueAndVersion() {
    assertThat(RedisConfigurationComponent.parse("v||1.0.0"))
        .isEqualTo(ConfigurationItem.of("v", "1.0.0"));
    assertThat(RedisConfigurationComponent.parse("plain"))
        .isEqualTo(ConfigurationItem.of("plain", ""));
    // Go's strings.Split keeps [0] and [1]: later segments are lost.
    assertThat(RedisConfigurationComponent.parse("a||b||c"))
        .isEqualTo(ConfigurationItem.of("a", "b"));
    assertThat(RedisConfigurationComponent.parse("v||")).isEqualTo(ConfigurationItem.of("v", ""));
    // An empty value is no item (Dapr omits it from reads, reports it as a delete).
    assertThat(RedisConfigurationComponent.parse("||1")).isNull();
    assertThat(RedisConfigurationComponent.parse("")).isNull();
    assertThat(RedisConfigurationComponent.parse(null)).isNull();
  }

  @Test
  void addsOnlyTheMissingNotificationFlags() {
    assertThat(RedisConfigurationComponent.missingFlags("")).isEqualTo("Kg$xe");
    assertThat(RedisConfigurationComponent.missingFlags("Ex")).isEqualTo("Kg$e");
    assertThat(RedisConfigurationComponent.missingFlags("AK")).isEmpty();
    assertThat(RedisConfigurationComponent.missingFlags("KA")).isEmpty();
    assertThat(RedisConfigurationComponent.missingFlags("g$xeK")).isEmpty();
  }
}
