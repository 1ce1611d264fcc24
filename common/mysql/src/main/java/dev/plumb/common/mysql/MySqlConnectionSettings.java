package dev.plumb.common.mysql;

import dev.plumb.api.spi.DaprValues;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JDBC URL with its credentials, built from a Dapr MySQL connection string ({@code
 * connectionString} of {@code state.mysql}, {@code url} of {@code bindings.mysql}): either a Go
 * MySQL driver DSN ({@code user:pass@tcp(host:port)/db?tls=true}) or a {@code jdbc:mariadb:} /
 * {@code jdbc:mysql:} URL, for MariaDB Connector/J. Credentials are kept out of the URL so that the
 * URL can never leak them. Shared by every MySQL provider.
 *
 * @param jdbcUrl the MariaDB Connector/J URL, without user or password
 * @param user the user, or {@code null} if the URL carries none
 * @param password the password, or {@code null}
 * @param database the database named in the connection string, or {@code null}
 * @param properties driver properties derived from the DSN's parameters
 */
public record MySqlConnectionSettings(
    String jdbcUrl, String user, String password, String database, Map<String, String> properties) {

  private static final Pattern JDBC =
      Pattern.compile("(?i)jdbc:(?:mariadb|mysql):((?:[a-z]+:)?//[^/?]*)(?:/([^?]*))?(?:\\?(.*))?");
  private static final Pattern NET = Pattern.compile("([a-zA-Z0-9]*)(?:\\((.*)\\))?");

  /** Copies the properties. */
  public MySqlConnectionSettings {
    properties = Map.copyOf(properties);
  }

  /**
   * Parses a connection string.
   *
   * @param connectionString a Go DSN or a JDBC URL
   * @param pemPath a PEM file of trusted CA certificates, or {@code null}
   * @return the settings
   * @throws IllegalArgumentException if the string is neither; the message never repeats it
   */
  public static MySqlConnectionSettings parse(String connectionString, String pemPath) {
    String s = connectionString.trim();
    return s.regionMatches(true, 0, "jdbc:", 0, 5) ? fromJdbc(s, pemPath) : fromDsn(s, pemPath);
  }

  private static MySqlConnectionSettings fromJdbc(String url, String pemPath) {
    Matcher m = JDBC.matcher(url);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "a jdbc: connection string must look like jdbc:mariadb://host:port/database?options");
    }
    Map<String, String> params = queryParams(m.group(3));
    String user = params.remove("user");
    String password = params.remove("password");
    String database = m.group(2) == null || m.group(2).isEmpty() ? null : decode(m.group(2));
    if (pemPath != null) {
      params.putIfAbsent("serverSslCert", pemPath);
      params.putIfAbsent("sslMode", "verify-full");
    }
    // Driver options stay in the URL; only the credentials move out of it.
    StringBuilder jdbc = new StringBuilder("jdbc:mariadb:").append(m.group(1)).append('/');
    if (database != null) {
      jdbc.append(m.group(2));
    }
    return new MySqlConnectionSettings(jdbc.toString(), user, password, database, params);
  }

  private static MySqlConnectionSettings fromDsn(String dsn, String pemPath) {
    // Mirrors the Go driver: the last '/' ends the address, the last '@' before it ends the
    // credentials, the first ':' splits user from password.
    int slash = dsn.lastIndexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException(
          "connection string must be a DSN such as user:password@tcp(host:3306)/database or a"
              + " jdbc: URL");
    }
    String head = dsn.substring(0, slash);
    String tail = dsn.substring(slash + 1);
    String user = null;
    String password = null;
    int at = head.lastIndexOf('@');
    if (at >= 0) {
      String userInfo = head.substring(0, at);
      head = head.substring(at + 1);
      int colon = userInfo.indexOf(':');
      user = colon < 0 ? userInfo : userInfo.substring(0, colon);
      password = colon < 0 ? null : userInfo.substring(colon + 1);
    }
    Matcher net = NET.matcher(head);
    if (!net.matches()) {
      throw new IllegalArgumentException(
          "connection string address must look like tcp(host:port) or unix(/path/to/socket)");
    }
    String protocol = net.group(1).isEmpty() ? "tcp" : net.group(1).toLowerCase(Locale.ROOT);
    String address = net.group(2);
    Map<String, String> props = new LinkedHashMap<>();
    String hostPort;
    switch (protocol) {
      case "tcp":
      case "tcp4":
      case "tcp6":
        hostPort = address == null || address.isEmpty() ? "127.0.0.1:3306" : address;
        if (!hostPort.matches(".*:\\d+|\\[.*]:\\d+")) {
          hostPort = hostPort + ":3306";
        }
        break;
      case "unix":
        if (address == null || address.isEmpty()) {
          throw new IllegalArgumentException("connection string unix() needs a socket path");
        }
        hostPort = "localhost";
        props.put("localSocket", address);
        break;
      default:
        throw new IllegalArgumentException(
            "connection string protocol '" + protocol + "' is not supported (use tcp or unix)");
    }
    int q = tail.indexOf('?');
    String database = q < 0 ? tail : tail.substring(0, q);
    Map<String, String> params = queryParams(q < 0 ? null : tail.substring(q + 1));
    mapDsnParams(params, pemPath, props);
    String db = database.isEmpty() ? null : decode(database);
    String url = "jdbc:mariadb://" + hostPort + "/" + (db == null ? "" : database);
    return new MySqlConnectionSettings(url, user, password, db, props);
  }

  private static void mapDsnParams(
      Map<String, String> params, String pemPath, Map<String, String> props) {
    String tls = params.getOrDefault("tls", pemPath != null ? "custom" : "false");
    switch (tls.toLowerCase(Locale.ROOT)) {
      case "true":
        props.put("sslMode", "verify-full");
        break;
      case "skip-verify":
      case "preferred":
        // Connector/J has no "TLS if offered": both become TLS without certificate checks.
        props.put("sslMode", "trust");
        break;
      case "false":
        break;
      case "custom":
        if (pemPath == null) {
          throw new IllegalArgumentException(
              "connection string says tls=custom but metadata 'pemPath' is not set");
        }
        props.put("sslMode", "verify-full");
        break;
      default:
        throw new IllegalArgumentException(
            "connection string parameter tls='" + tls + "' is not supported");
    }
    if (pemPath != null) {
      props.put("serverSslCert", pemPath);
    }
    copyDuration(params, "timeout", "connectTimeout", props);
    copyDuration(params, "readTimeout", "socketTimeout", props);
  }

  private static void copyDuration(
      Map<String, String> params, String goName, String jdbcName, Map<String, String> props) {
    String v = params.get(goName);
    if (v != null) {
      try {
        props.put(jdbcName, Long.toString(DaprValues.parseDuration(v).toMillis()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "connection string parameter " + goName + " is not a duration", e);
      }
    }
  }

  private static Map<String, String> queryParams(String query) {
    Map<String, String> params = new LinkedHashMap<>();
    if (query == null || query.isEmpty()) {
      return params;
    }
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = decode(eq < 0 ? pair : pair.substring(0, eq));
      String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
      params.put(k, v);
    }
    return params;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  /**
   * Describes the settings without the password.
   *
   * @return the URL, the user and whether there is a password
   */
  @Override
  public String toString() {
    return "MySqlConnectionSettings[url="
        + jdbcUrl
        + ", user="
        + user
        + ", password="
        + (password == null ? "none" : "***")
        + "]";
  }
}
