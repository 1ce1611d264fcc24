package dev.plumb.state.redis;

import dev.plumb.api.spi.ComponentMetadata;
import dev.plumb.api.spi.DaprValues;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The metadata of a {@code state.redis} component, read with Dapr's field names and defaults
 * ({@code common/component/redis/settings.go}). Secret values are never part of {@link
 * #toString()}.
 */
final class RedisSettings {
  static final int DEFAULT_PORT = 6379;

  /** Standalone, cluster or sentinel-managed. */
  enum Mode {
    NODE,
    CLUSTER,
    SENTINEL
  }

  /** One {@code host:port} address. */
  record Address(String host, int port) {
    @Override
    public String toString() {
      return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
  }

  final List<Address> addresses;
  final Mode mode;
  final String username;
  final String password;
  final String sentinelUsername;
  final String sentinelPassword;
  final String sentinelMasterName;
  final int database;
  final int maxRetries;
  final Duration dialTimeout;
  final Duration readTimeout;
  final int poolSize;
  final int minIdleConns;
  final Duration poolTimeout;
  final Duration idleTimeout;
  final Duration idleCheckFrequency;
  final boolean enableTls;
  final boolean insecureSkipTlsVerify;
  final String clientCert;
  final String clientKey;
  final Long defaultTtlSeconds;

  private RedisSettings(ComponentMetadata md) {
    String host = md.requireString("redisHost");
    int port = md.getInt("redisPort", 0);
    this.username = md.getString("redisUsername", null);
    this.password = md.getString("redisPassword", null);
    this.sentinelUsername = md.getString("sentinelUsername", null);
    this.sentinelPassword = md.getString("sentinelPassword", null);
    this.sentinelMasterName = md.getString("sentinelMasterName", null);
    this.database = md.getInt("redisDB", 0);
    String type = md.getString("redisType", "node").toLowerCase(Locale.ROOT);
    boolean failover = md.getBoolean("failover", false);
    // Dapr's legacy name "maxRetries" stands in when "redisMaxRetries" is absent.
    this.maxRetries = md.getInt("redisMaxRetries", md.getInt("maxRetries", 3));
    // Read so that they count as known fields: Jedis has no per-command retry backoff, see docs.
    md.getString("redisMinRetryInterval");
    md.getString("redisMaxRetryInterval");
    md.getString("maxRetryBackoff");
    md.getString("writeTimeout");
    md.getString("maxConnAge");
    this.dialTimeout = redisDuration(md, "dialTimeout", Duration.ofSeconds(5));
    this.readTimeout = redisDuration(md, "readTimeout", Duration.ofSeconds(3));
    this.poolSize =
        md.getInt("poolSize", 10 * Math.max(1, Runtime.getRuntime().availableProcessors()));
    this.minIdleConns = md.getInt("minIdleConns", 0);
    this.poolTimeout =
        redisDuration(
            md,
            "poolTimeout",
            (readTimeout.isNegative() ? Duration.ofSeconds(3) : readTimeout).plusSeconds(1));
    this.idleTimeout = redisDuration(md, "idleTimeout", Duration.ofMinutes(5));
    this.idleCheckFrequency = redisDuration(md, "idleCheckFrequency", Duration.ofMinutes(1));
    this.enableTls = md.getBoolean("enableTLS", false);
    this.insecureSkipTlsVerify = md.getBoolean("insecureSkipTLSVerify", false);
    this.clientCert = md.getString("clientCert", null);
    this.clientKey = md.getString("clientKey", null);
    Optional<String> ttl = md.getString("ttlInSeconds");
    Long parsedTtl = null;
    if (ttl.isPresent()) {
      try {
        parsedTtl = Long.parseLong(ttl.get());
      } catch (NumberFormatException e) {
        md.addProblem("metadata 'ttlInSeconds': expected an integer, got '" + ttl.get() + "'");
      }
    }
    this.defaultTtlSeconds = parsedTtl;

    if (md.getString("queryIndexes").isPresent()) {
      md.addProblem(
          "metadata 'queryIndexes': the query API needs RediSearch and RedisJSON, which this"
              + " provider does not use; remove the field");
    }
    if (md.getBoolean("useEntraID", false) || md.getBoolean("useAzureAD", false)) {
      md.addProblem("metadata 'useEntraID': Entra ID authentication is not supported");
    }
    if (md.getBoolean("useOIDC", false)) {
      md.addProblem("metadata 'useOIDC': OIDC authentication is not supported");
    }
    if ((clientCert == null) != (clientKey == null)) {
      md.addProblem("metadata 'clientCert' and 'clientKey' must be given together");
    }
    if (!type.equals("node") && !type.equals("cluster")) {
      md.addProblem("metadata 'redisType': expected 'node' or 'cluster', got '" + type + "'");
    }
    if (failover) {
      if (type.equals("cluster")) {
        md.addProblem("metadata 'failover' with redisType 'cluster' is not supported");
      }
      if (sentinelMasterName == null) {
        md.addProblem("metadata 'sentinelMasterName' is required when 'failover' is true");
      }
      this.mode = Mode.SENTINEL;
    } else {
      this.mode = type.equals("cluster") ? Mode.CLUSTER : Mode.NODE;
    }
    this.addresses = parseAddresses(md, host, port);
  }

  static RedisSettings read(ComponentMetadata md) {
    return new RedisSettings(md);
  }

  /**
   * Dapr's Redis durations: a plain integer counts milliseconds (negative: disabled), anything else
   * is a Go duration.
   */
  private static Duration redisDuration(ComponentMetadata md, String name, Duration def) {
    Optional<String> v = md.getString(name);
    if (v.isEmpty()) {
      return def;
    }
    String s = v.get();
    try {
      if (s.matches("-?\\d+")) {
        long ms = Long.parseLong(s);
        return ms < 0 ? Duration.ofMillis(-1) : Duration.ofMillis(ms);
      }
      return DaprValues.parseDuration(s);
    } catch (IllegalArgumentException e) {
      md.addProblem(
          "metadata '"
              + name
              + "': expected milliseconds or a duration such as 3s, got '"
              + s
              + "'");
      return def;
    }
  }

  private static List<Address> parseAddresses(ComponentMetadata md, String hosts, int port) {
    List<Address> out = new ArrayList<>();
    if (hosts.isEmpty()) {
      return out;
    }
    for (String raw : hosts.split(",")) {
      String a = raw.trim();
      if (a.isEmpty()) {
        continue;
      }
      String host = a;
      Integer p = null;
      if (a.startsWith("[")) {
        int end = a.indexOf(']');
        host = a.substring(1, Math.max(1, end));
        if (end > 0 && end + 1 < a.length() && a.charAt(end + 1) == ':') {
          p = parsePort(md, a.substring(end + 2), a);
        }
      } else if (a.indexOf(':') > 0 && a.indexOf(':') == a.lastIndexOf(':')) {
        host = a.substring(0, a.indexOf(':'));
        p = parsePort(md, a.substring(a.indexOf(':') + 1), a);
      }
      if (p != null && port != 0 && p != port) {
        md.addProblem(
            "metadata 'redisHost': address '"
                + a
                + "' already contains port "
                + p
                + ", but redisPort is "
                + port
                + "; remove one of them");
      }
      out.add(new Address(host, p != null ? p : port != 0 ? port : DEFAULT_PORT));
    }
    return List.copyOf(out);
  }

  private static Integer parsePort(ComponentMetadata md, String text, String address) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      md.addProblem("metadata 'redisHost': bad port in '" + address + "'");
      return null;
    }
  }

  @Override
  public String toString() {
    return "RedisSettings[mode="
        + mode
        + ", addresses="
        + addresses
        + ", db="
        + database
        + ", tls="
        + enableTls
        + "]";
  }
}
