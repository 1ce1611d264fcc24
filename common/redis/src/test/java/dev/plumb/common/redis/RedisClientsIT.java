package dev.plumb.common.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.ConfigurationException;
import dev.plumb.api.spi.ComponentMetadata;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.JedisSentineled;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Every client shape against real, private {@code redis-server} processes: a standalone server with
 * an ACL user, a TLS server requiring client certificates, a sentinel with its master, and a
 * three-node cluster.
 */
class RedisClientsIT {
  private static TestCertificates certs;

  @BeforeAll
  static void makeCertificates() throws Exception {
    certs = TestCertificates.create();
  }

  @AfterAll
  static void removeCertificates() throws Exception {
    try (var files = java.nio.file.Files.walk(certs.dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static RedisSettings settings(Map<String, String> values) {
    ComponentMetadata md = ComponentMetadata.of("component 'redis-it'", values);
    RedisSettings s = RedisSettings.read(md);
    md.validate();
    return s;
  }

  private static String host(PrivateRedis r) {
    return "127.0.0.1:" + r.port;
  }

  @Test
  void standaloneWithAclUserAndDatabase() throws Exception {
    try (PrivateRedis redis =
        PrivateRedis.server(
            "--user", "default", "off", "--user", "alice", "on", ">alicepw", "~*", "&*", "+@all")) {
      Map<String, String> md = new HashMap<>();
      md.put("redisHost", host(redis));
      md.put("redisUsername", "alice");
      md.put("redisPassword", "alicepw");
      md.put("redisDB", "2");
      md.put("poolSize", "2");
      try (UnifiedJedis client = RedisClients.create(settings(md))) {
        assertThat(client).isInstanceOf(JedisPooled.class);
        client.set("k", "v");
        try (Jedis raw = new Jedis(new HostAndPort("127.0.0.1", redis.port))) {
          raw.auth("alice", "alicepw");
          assertThat(raw.get("k")).isNull();
          raw.select(2);
          assertThat(raw.get("k")).isEqualTo("v");
        }
      }
      md.put("redisPassword", "not-alices-password");
      assertThatThrownBy(() -> RedisClients.create(settings(md)))
          .isInstanceOf(JedisAccessControlException.class)
          .hasMessageNotContaining("not-alices-password");
    }
  }

  @Test
  void unreachableServerFailsCreate() throws Exception {
    int port = PrivateRedis.freePort();
    assertThatThrownBy(
            () ->
                RedisClients.create(
                    settings(Map.of("redisHost", "127.0.0.1:" + port, "dialTimeout", "500ms"))))
        .isInstanceOf(JedisConnectionException.class);
  }

  @Test
  void tlsWithClientCertificate() throws Exception {
    try (PrivateRedis redis = PrivateRedis.tlsServer(certs.serverArgs())) {
      Map<String, String> md = new HashMap<>();
      md.put("redisHost", host(redis));
      md.put("enableTLS", "true");
      md.put("insecureSkipTLSVerify", "true");
      md.put("clientCert", certs.pem("client.crt"));
      md.put("clientKey", certs.pem("client.key"));
      try (UnifiedJedis client = RedisClients.create(settings(md))) {
        client.set("tls", "yes");
        assertThat(client.get("tls")).isEqualTo("yes");
      }

      // An RSA client key works as well.
      md.put("clientCert", certs.pem("other.crt"));
      md.put("clientKey", certs.pem("other.key"));
      try (UnifiedJedis client = RedisClients.create(settings(md))) {
        assertThat(client.get("tls")).isEqualTo("yes");
      }

      // The server requires a client certificate.
      Map<String, String> noCert = new HashMap<>(md);
      noCert.remove("clientCert");
      noCert.remove("clientKey");
      assertThatThrownBy(() -> RedisClients.create(settings(noCert)))
          .isInstanceOf(JedisConnectionException.class);

      // Without insecureSkipTLSVerify the server's certificate must be trusted by the JVM.
      Map<String, String> verify = new HashMap<>(md);
      verify.remove("insecureSkipTLSVerify");
      assertThatThrownBy(() -> RedisClients.create(settings(verify)))
          .isInstanceOf(JedisConnectionException.class);
      String trustStore = certs.trustStore().toString();
      System.setProperty("javax.net.ssl.trustStore", trustStore);
      System.setProperty("javax.net.ssl.trustStorePassword", "changeit");
      System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
      try (UnifiedJedis client = RedisClients.create(settings(verify))) {
        assertThat(client.get("tls")).isEqualTo("yes");
      } finally {
        System.clearProperty("javax.net.ssl.trustStore");
        System.clearProperty("javax.net.ssl.trustStorePassword");
        System.clearProperty("javax.net.ssl.trustStoreType");
      }
    }
  }

  @Test
  void mismatchedOrEncryptedClientKeysAreConfigurationErrors() throws Exception {
    Map<String, String> md = new HashMap<>();
    md.put("redisHost", "127.0.0.1");
    md.put("enableTLS", "true");
    md.put("clientCert", certs.pem("client.crt"));
    md.put("clientKey", certs.pem("other.key"));
    assertThatThrownBy(() -> settings(md))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "component 'redis-it': metadata 'clientCert'/'clientKey': clientKey does not match"
                + " clientCert");
    md.put("clientKey", "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n");
    assertThatThrownBy(() -> settings(md))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("unencrypted PKCS#8")
        .hasMessageNotContaining("MIIB");
  }

  @Test
  void sentinelFindsTheMaster() throws Exception {
    try (PrivateRedis master = PrivateRedis.server("--requirepass", "masterpw");
        PrivateRedis sentinel = PrivateRedis.sentinel(master, "masterpw", "sentinelpw")) {
      Map<String, String> md = new HashMap<>();
      md.put("redisHost", host(sentinel));
      md.put("failover", "true");
      md.put("sentinelMasterName", "mymaster");
      md.put("sentinelPassword", "sentinelpw");
      md.put("redisPassword", "masterpw");
      md.put("redisDB", "1");
      try (UnifiedJedis client = RedisClients.create(settings(md))) {
        assertThat(client).isInstanceOf(JedisSentineled.class);
        client.set("via-sentinel", "1");
      }
      try (Jedis raw = new Jedis(new HostAndPort("127.0.0.1", master.port))) {
        raw.auth("masterpw");
        raw.select(1);
        assertThat(raw.get("via-sentinel")).isEqualTo("1");
      }

      md.put("sentinelMasterName", "nosuchmaster");
      assertThatThrownBy(() -> RedisClients.create(settings(md)))
          .isInstanceOf(redis.clients.jedis.exceptions.JedisException.class);
    }
  }

  @Test
  void clusterSpreadsKeysOverItsNodes() throws Exception {
    try (PrivateRedis a = PrivateRedis.clusterNode();
        PrivateRedis b = PrivateRedis.clusterNode();
        PrivateRedis c = PrivateRedis.clusterNode()) {
      PrivateRedis.exec(
          a.dir,
          "redis-cli",
          "--cluster",
          "create",
          host(a),
          host(b),
          host(c),
          "--cluster-replicas",
          "0",
          "--cluster-yes");
      for (PrivateRedis r : new PrivateRedis[] {a, b, c}) {
        try (Jedis j = new Jedis(new HostAndPort("127.0.0.1", r.port))) {
          Awaitility.await()
              .atMost(Duration.ofSeconds(20))
              .until(() -> j.clusterInfo().contains("cluster_state:ok"));
        }
      }
      Map<String, String> md = Map.of("redisHost", host(b), "redisType", "cluster");
      try (UnifiedJedis client = RedisClients.create(settings(md))) {
        assertThat(client).isInstanceOf(JedisCluster.class);
        for (int i = 0; i < 30; i++) {
          client.set("key-" + i, Integer.toString(i));
        }
        for (int i = 0; i < 30; i++) {
          assertThat(client.get("key-" + i)).isEqualTo(Integer.toString(i));
        }
      }
      int nodesWithKeys = 0;
      long total = 0;
      for (PrivateRedis r : new PrivateRedis[] {a, b, c}) {
        try (Jedis j =
            new Jedis(
                new HostAndPort("127.0.0.1", r.port), DefaultJedisClientConfig.builder().build())) {
          long n = j.dbSize();
          total += n;
          nodesWithKeys += n > 0 ? 1 : 0;
        }
      }
      assertThat(total).isEqualTo(30);
      assertThat(nodesWithKeys).isGreaterThan(1);
    }
  }
}
