package dev.plumb.common.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.junit.jupiter.api.Test;

class MqttAddressTest {

  @Test
  void daprsSchemesMapToPahos() {
    assertThat(MqttAddress.parse("mqtt://localhost").server()).isEqualTo("tcp://localhost:1883");
    assertThat(MqttAddress.parse("tcp://h:1884").server()).isEqualTo("tcp://h:1884");
    assertThat(MqttAddress.parse("mqtts://h:8883").server()).isEqualTo("ssl://h:8883");
    assertThat(MqttAddress.parse("tls://h").server()).isEqualTo("ssl://h:1883");
  }

  @Test
  void credentialsGoToTheOptionsAndNeverToStrings() {
    MqttAddress a = MqttAddress.parse("tcp://app:s3cret@h:1883");
    MqttConnectOptions o = a.options(false, 2000);
    assertThat(o.getUserName()).isEqualTo("app");
    assertThat(new String(o.getPassword())).isEqualTo("s3cret");
    assertThat(o.isCleanSession()).isFalse();
    assertThat(o.isAutomaticReconnect()).isTrue();
    assertThat(a.toString()).doesNotContain("s3cret");
  }

  @Test
  void badUrlsAreRefusedWithoutQuotingThem() {
    assertThatThrownBy(() -> MqttAddress.parse("http://u:s3cret@h"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tcp://")
        .hasMessageNotContaining("s3cret");
    assertThatThrownBy(() -> MqttAddress.parse("tcp://")).hasMessageContaining("host");
  }
}
