package dev.plumb.common.redis;

import dev.plumb.api.spi.ComponentMetadata;
import dev.plumb.api.spi.DaprValues;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;

/**
 * The connection metadata every Dapr Redis component shares, read with Dapr's field names, defaults
 * and quirks ({@code common/component/redis/settings.go} and {@code redis.go}): {@code redisHost},
 * {@code redisPort}, {@code redisUsername}, {@code redisPassword}, {@code redisDB}, {@code
 * redisType}, {@code failover} with the {@code sentinel*} fields, {@code enableTLS}, {@code
 * insecureSkipTLSVerify}, {@code clientCert}/{@code clientKey}, {@code redisMaxRetries} (legacy
 * {@code maxRetries}), the timeouts and the pool settings. Fields Jedis has no equivalent for
 * ({@code redisMinRetryInterval}, {@code redisMaxRetryInterval}, {@code maxRetryBackoff}, {@code
 * writeTimeout}, {@code maxConnAge}) are read, so they are not reported as unknown, and ignored.
 * Component-specific fields ({@code ttlInSeconds}, {@code queryIndexes}, {@code maxLenApprox}, ...)
 * are left to the provider.
 *
 * <p>Immutable and thread-safe. Secret values (passwords, the client key) are never part of {@link
 * #toString()} or of a problem message.
 */
public final class RedisSettings {
  /** Redis's default port, used for addresses without one when {@code redisPort} is absent. */
  public static final int DEFAULT_PORT = 6379;

  /** How the client reaches Redis. */
  public enum Mode {
    /** One standalone server ({@code redisType: node}, the default). */
    NODE,
    /** A Redis Cluster ({@code redisType: cluster}); {@code redisHost} lists seed nodes. */
    CLUSTER,
    /** A master found through Redis Sentinel ({@code failover: true}); hosts are sentinels. */
    SENTINEL
  }

  /**
   * One {@code host:port} address from {@code redisHost}.
   *
   * @param host the host name or IP address, IPv6 without brackets
   * @param port the port
   */
  public record Address(String host, int port) {
    /**
     * Formats the address as {@code host:port}, with brackets around an IPv6 host.
     *
     * @return the address
     */
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

  /** The TLS socket factory when {@code enableTLS} is true and the key material is valid. */
  final SSLSocketFactory tlsSocketFactory;

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
    // Read so that they count as known fields: Jedis has no per-command retry backoff, no
    // separate write timeout and no connection age limit.
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
    String clientCert = md.getString("clientCert", null);
    String clientKey = md.getString("clientKey", null);

    if (md.getBoolean("useEntraID", false) || md.getBoolean("useAzureAD", false)) {
      md.addProblem("metadata 'useEntraID': Entra ID authentication is not supported");
    }
    if (md.getBoolean("useOIDC", false)) {
      md.addProblem("metadata 'useOIDC': OIDC authentication is not supported");
    }
    SSLSocketFactory tls = null;
    if ((clientCert == null) != (clientKey == null)) {
      md.addProblem("metadata 'clientCert' and 'clientKey' must be given together");
    } else if (enableTls) {
      try {
        tls = TlsSupport.socketFactory(insecureSkipTlsVerify, clientCert, clientKey);
      } catch (GeneralSecurityException e) {
        // The messages are TlsSupport's own and never quote the key material.
        md.addProblem("metadata 'clientCert'/'clientKey': " + e.getMessage());
      }
    }
    this.tlsSocketFactory = tls;
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

  /**
   * Reads the shared Redis fields. Problems (a missing {@code redisHost}, a bad value, an
   * unsupported option, unreadable TLS key material) are recorded on {@code md}: the provider reads
   * its own fields next and then calls {@link ComponentMetadata#validate()}, which reports them all
   * in one {@link dev.plumb.api.ConfigurationException}. Does not connect.
   *
   * @param md the component's metadata; not {@code null}
   * @return the settings; only meaningful once {@code md.validate()} has passed
   */
  public static RedisSettings read(ComponentMetadata md) {
    return new RedisSettings(md);
  }

  /**
   * Returns how the client reaches Redis.
   *
   * @return node, cluster or sentinel
   */
  public Mode mode() {
    return mode;
  }

  /**
   * Returns the addresses from {@code redisHost}, each with its port resolved: the server, the
   * cluster's seed nodes, or the sentinels.
   *
   * @return an immutable list, in the order given
   */
  public List<Address> addresses() {
    return addresses;
  }

  /**
   * Returns the database index ({@code redisDB}).
   *
   * @return the index, 0 by default
   */
  public int database() {
    return database;
  }

  /**
   * Returns the socket read timeout ({@code readTimeout}); a blocking command such as {@code
   * XREADGROUP BLOCK} must wait less than this.
   *
   * @return the timeout, 3 s by default; negative when disabled ({@code -1})
   */
  public Duration readTimeout() {
    return readTimeout;
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

  /**
   * Describes the settings without credentials.
   *
   * @return mode, addresses, database and whether TLS is on
   */
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
