package dev.plumb.api.configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.configuration.spi.ConfigurationRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigurationTest {

  @Test
  void itemTurnsNullIntoEmpty() {
    ConfigurationItem item = new ConfigurationItem(null, null, null);
    assertThat(item.value()).isEmpty();
    assertThat(item.version()).isEmpty();
    assertThat(item.metadata()).isEmpty();
    assertThat(item.isEmpty()).isTrue();
    assertThat(item).isEqualTo(ConfigurationItem.EMPTY);
  }

  @Test
  void itemIsEmptyOnlyWhenItCarriesNothing() {
    assertThat(ConfigurationItem.of("v", "").isEmpty()).isFalse();
    assertThat(ConfigurationItem.of("", "1.0.0").isEmpty()).isFalse();
    assertThat(new ConfigurationItem("", "", Map.of("deleted", "true")).isEmpty()).isFalse();
  }

  @Test
  void updateCopiesItems() {
    Map<String, ConfigurationItem> items = new HashMap<>();
    items.put("k", ConfigurationItem.of("v", "1"));
    ConfigurationUpdate u = new ConfigurationUpdate("sub-1", items);
    items.put("other", ConfigurationItem.EMPTY);
    assertThat(u.items()).containsOnlyKeys("k");
    assertThatThrownBy(() -> new ConfigurationUpdate(null, Map.of()))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void requestWithoutKeysMeansAllAndCopies() {
    assertThat(ConfigurationRequest.of().keys()).isEmpty();
    assertThat(new ConfigurationRequest(null, null).metadata()).isEmpty();
    List<String> keys = new ArrayList<>(List.of("a", "b"));
    ConfigurationRequest r = new ConfigurationRequest(keys, Map.of("pgNotifyChannel", "config"));
    keys.add("c");
    assertThat(r.keys()).containsExactly("a", "b");
  }
}
