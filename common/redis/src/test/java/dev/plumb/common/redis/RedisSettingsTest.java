package dev.plumb.common.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.ConfigurationException;
import dev.plumb.api.spi.ComponentMetadata;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedisSettingsTest {

  private static RedisSettings read(Map<String, String> values) {
    ComponentMetadata md = ComponentMetadata.of("component 'redis'", values);
    RedisSettings s = RedisSettings.read(md);
    md.validate();
    return s;
  }

  private static List<String> problems(Map<String, String> values) {
    ComponentMetadata md = ComponentMetadata.of("component 'redis'", values);
    RedisSettings.read(md);
    try {
      md.validate();
    } catch (ConfigurationException e) {
      assertThat(e.problems()).allSatisfy(p -> assertThat(p).startsWith("component 'redis': "));
      return e.problems();
    }
    return List.of();
  }

  @Test
  void daprDefaults() {
    RedisSettings s = read(Map.of("redisHost", "localhost"));
    assertThat(s.mode()).isEqualTo(RedisSettings.Mode.NODE);
    assertThat(s.addresses()).containsExactly(new RedisSettings.Address("localhost", 6379));
    assertThat(s.database()).isZero();
    assertThat(s.maxRetries).isEqualTo(3);
    assertThat(s.dialTimeout).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.readTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(s.poolTimeout).isEqualTo(Duration.ofSeconds(4));
    assertThat(s.poolSize).isEqualTo(10 * Runtime.getRuntime().availableProcessors());
    assertThat(s.minIdleConns).isZero();
    assertThat(s.idleTimeout).isEqualTo(Duration.ofMinutes(5));
    assertThat(s.idleCheckFrequency).isEqualTo(Duration.ofMinutes(1));
    assertThat(s.enableTls).isFalse();
    assertThat(s.tlsSocketFactory).isNull();
  }

  @Test
  void plainNumbersAreMillisecondsAndMinusOneDisables() {
    RedisSettings s =
        read(
            Map.of(
                "redisHost", "localhost",
                "dialTimeout", "500",
                "readTimeout", "-1",
                "idleTimeout", "1m30s",
                "idleCheckFrequency", "-1",
                "poolTimeout", "2s"));
    assertThat(s.dialTimeout).isEqualTo(Duration.ofMillis(500));
    assertThat(s.readTimeout()).isNegative();
    assertThat(s.idleTimeout).isEqualTo(Duration.ofSeconds(90));
    assertThat(s.idleCheckFrequency).isNegative();
    assertThat(s.poolTimeout).isEqualTo(Duration.ofSeconds(2));
    // Without a read timeout, the pool wait defaults to Dapr's 3s + 1s.
    assertThat(read(Map.of("redisHost", "h", "readTimeout", "-1")).poolTimeout)
        .isEqualTo(Duration.ofSeconds(4));
  }

  @Test
  void hostsGetTheirPortsAsDaprResolvesThem() {
    assertThat(read(Map.of("redisHost", "a, b:7000 ,[::1]:7001,::2")).addresses())
        .containsExactly(
            new RedisSettings.Address("a", 6379),
            new RedisSettings.Address("b", 7000),
            new RedisSettings.Address("::1", 7001),
            new RedisSettings.Address("::2", 6379));
    assertThat(read(Map.of("redisHost", "a,b:7000", "redisPort", "7000")).addresses())
        .containsExactly(
            new RedisSettings.Address("a", 7000), new RedisSettings.Address("b", 7000));
    assertThat(new RedisSettings.Address("::1", 7001)).hasToString("[::1]:7001");
    assertThat(problems(Map.of("redisHost", "b:7000", "redisPort", "7001")))
        .containsExactly(
            "component 'redis': metadata 'redisHost': address 'b:7000' already contains port"
                + " 7000, but redisPort is 7001; remove one of them");
    assertThat(problems(Map.of("redisHost", "b:x"))).singleElement().asString().contains("port");
  }

  @Test
  void modesAndRetries() {
    RedisSettings cluster =
        read(Map.of("redisHost", "a:1,b:2", "redisType", "Cluster", "maxRetries", "5"));
    assertThat(cluster.mode()).isEqualTo(RedisSettings.Mode.CLUSTER);
    assertThat(cluster.maxRetries).isEqualTo(5);
    RedisSettings sentinel =
        read(
            Map.of(
                "redisHost", "s1:26379",
                "failover", "true",
                "sentinelMasterName", "mymaster",
                "redisMaxRetries", "1",
                "maxRetries", "5"));
    assertThat(sentinel.mode()).isEqualTo(RedisSettings.Mode.SENTINEL);
    assertThat(sentinel.sentinelMasterName).isEqualTo("mymaster");
    assertThat(sentinel.maxRetries).isEqualTo(1);
  }

  @Test
  void everyProblemIsReportedAtOnceWithoutSecrets() {
    Map<String, String> md = new HashMap<>();
    md.put("redisType", "galaxy");
    md.put("redisDB", "x");
    md.put("failover", "true");
    md.put("readTimeout", "soon");
    md.put("useEntraID", "true");
    md.put("useOIDC", "true");
    md.put("clientCert", "-----BEGIN CERTIFICATE-----");
    md.put("redisPassword", "hunter2");
    assertThat(problems(md))
        .hasSize(8)
        .anySatisfy(p -> assertThat(p).contains("'redisHost' is required"))
        .anySatisfy(p -> assertThat(p).contains("'redisType': expected 'node' or 'cluster'"))
        .anySatisfy(p -> assertThat(p).contains("'redisDB'"))
        .anySatisfy(p -> assertThat(p).contains("'sentinelMasterName' is required"))
        .anySatisfy(p -> assertThat(p).contains("'readTimeout': expected milliseconds"))
        .anySatisfy(p -> assertThat(p).contains("'useEntraID'"))
        .anySatisfy(p -> assertThat(p).contains("'useOIDC'"))
        .anySatisfy(p -> assertThat(p).contains("'clientCert' and 'clientKey'"))
        .noneSatisfy(p -> assertThat(p).contains("hunter2"));
    assertThat(problems(Map.of("redisHost", "h", "useAzureAD", "true")))
        .containsExactly(
            "component 'redis': metadata 'useEntraID': Entra ID authentication is not supported");
    assertThat(problems(Map.of("redisHost", "h", "redisType", "cluster", "failover", "true")))
        .contains(
            "component 'redis': metadata 'failover' with redisType 'cluster' is not supported");
  }

  @Test
  void unreadableTlsKeyMaterialIsAConfigurationProblemThatQuotesNothing() {
    String key = "-----BEGIN RSA PRIVATE KEY-----\nc2VjcmV0\n-----END RSA PRIVATE KEY-----";
    assertThat(
            problems(
                Map.of(
                    "redisHost", "h",
                    "enableTLS", "true",
                    "clientCert", "not a certificate",
                    "clientKey", key)))
        .containsExactly(
            "component 'redis': metadata 'clientCert'/'clientKey': clientCert is not a PEM X.509"
                + " certificate");
    // Without enableTLS the pair is not used, as in Dapr.
    assertThat(problems(Map.of("redisHost", "h", "clientCert", "x", "clientKey", key))).isEmpty();
  }

  @Test
  void toStringHoldsNoCredentials() {
    RedisSettings s =
        read(
            Map.of(
                "redisHost", "h:1",
                "redisUsername", "alice",
                "redisPassword", "hunter2",
                "sentinelPassword", "s3cret"));
    assertThat(s.toString())
        .isEqualTo("RedisSettings[mode=NODE, addresses=[h:1], db=0, tls=false]")
        .doesNotContain("hunter2");
  }

  @Test
  void validateThrowsConfigurationException() {
    assertThatThrownBy(() -> read(Map.of()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("component 'redis': metadata 'redisHost' is required");
  }
}
