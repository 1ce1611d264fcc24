package dev.plumb.common.postgresql;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Turns Dapr's {@code connectionString} (libpq {@code key=value} pairs or a {@code postgres://}
 * URL, as pgx accepts them) into a JDBC URL and driver properties. Stateless and thread-safe;
 * exception messages never contain the password.
 */
public final class PostgresqlConnectionString {
  private PostgresqlConnectionString() {}

  /**
   * A JDBC URL with its driver properties.
   *
   * @param url the {@code jdbc:postgresql://} URL, without credentials
   * @param properties the driver properties, {@code user} and {@code password} among them
   */
  public record Jdbc(String url, Properties properties) {
    /**
     * Returns the URL only: the properties may hold the password.
     *
     * @return the JDBC URL
     */
    @Override
    public String toString() {
      return url;
    }
  }

  /**
   * Parses either form into libpq parameter names ({@code host}, {@code port}, {@code dbname},
   * {@code user}, {@code password}, {@code sslmode}, ...). URL user info, host, path and query
   * parameters are percent-decoded; {@code key=value} values may be single-quoted, with backslash
   * escapes.
   *
   * @param s the connection string; not {@code null}
   * @return the parameters in the order written, a later duplicate replacing an earlier one
   * @throws IllegalArgumentException if the string is malformed; the message quotes no value
   */
  public static Map<String, String> parse(String s) {
    String t = s.trim();
    if (t.startsWith("postgres://") || t.startsWith("postgresql://")) {
      return parseUrl(t);
    }
    return parseKeyValue(t);
  }

  private static Map<String, String> parseUrl(String s) {
    Map<String, String> out = new LinkedHashMap<>();
    String rest = s.substring(s.indexOf("://") + 3);
    String query = null;
    int q = rest.indexOf('?');
    if (q >= 0) {
      query = rest.substring(q + 1);
      rest = rest.substring(0, q);
    }
    String path = null;
    int slash = rest.indexOf('/');
    if (slash >= 0) {
      path = rest.substring(slash + 1);
      rest = rest.substring(0, slash);
    }
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      String userInfo = rest.substring(0, at);
      rest = rest.substring(at + 1);
      int colon = userInfo.indexOf(':');
      if (colon >= 0) {
        out.put("user", decode(userInfo.substring(0, colon)));
        out.put("password", decode(userInfo.substring(colon + 1)));
      } else if (!userInfo.isEmpty()) {
        out.put("user", decode(userInfo));
      }
    }
    if (!rest.isEmpty()) {
      StringBuilder hosts = new StringBuilder();
      StringBuilder ports = new StringBuilder();
      for (String hp : rest.split(",")) {
        String host = hp;
        String port = "";
        if (hp.startsWith("[")) {
          int end = hp.indexOf(']');
          if (end < 0) {
            throw new IllegalArgumentException("connection string: unclosed '[' in host");
          }
          host = hp.substring(1, end);
          if (end + 1 < hp.length() && hp.charAt(end + 1) == ':') {
            port = hp.substring(end + 2);
          }
        } else if (hp.contains(":")) {
          host = hp.substring(0, hp.indexOf(':'));
          port = hp.substring(hp.indexOf(':') + 1);
        }
        hosts.append(hosts.length() > 0 ? "," : "").append(decode(host));
        ports.append(ports.length() > 0 ? "," : "").append(port);
      }
      out.put("host", hosts.toString());
      if (!ports.toString().replace(",", "").isEmpty()) {
        out.put("port", ports.toString());
      }
    }
    if (path != null && !path.isEmpty()) {
      out.put("dbname", decode(path));
    }
    if (query != null) {
      for (String kv : query.split("&")) {
        if (kv.isEmpty()) {
          continue;
        }
        int eq = kv.indexOf('=');
        if (eq < 0) {
          throw new IllegalArgumentException("connection string: parameter without '=' in URL");
        }
        out.put(decode(kv.substring(0, eq)), decode(kv.substring(eq + 1)));
      }
    }
    return out;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      // URLDecoder's message quotes the text, which may be the password.
      throw new IllegalArgumentException("connection string: bad percent-encoding in URL");
    }
  }

  /** libpq's {@code key=value} form: values may be single-quoted, with backslash escapes. */
  private static Map<String, String> parseKeyValue(String s) {
    Map<String, String> out = new LinkedHashMap<>();
    int i = 0;
    int n = s.length();
    while (i < n) {
      while (i < n && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      if (i >= n) {
        break;
      }
      int keyStart = i;
      while (i < n && s.charAt(i) != '=' && !Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      String key = s.substring(keyStart, i);
      while (i < n && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      if (i >= n || s.charAt(i) != '=') {
        // Never quote the word: a misplaced space can make a password look like a parameter name.
        throw new IllegalArgumentException(
            "connection string: expected '=' after the parameter name at position " + keyStart);
      }
      i++;
      while (i < n && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      StringBuilder v = new StringBuilder();
      if (i < n && s.charAt(i) == '\'') {
        i++;
        boolean closed = false;
        while (i < n) {
          char c = s.charAt(i++);
          if (c == '\\' && i < n) {
            v.append(s.charAt(i++));
          } else if (c == '\'') {
            closed = true;
            break;
          } else {
            v.append(c);
          }
        }
        if (!closed) {
          throw new IllegalArgumentException(
              "connection string: unterminated quoted value for '" + key + "'");
        }
      } else {
        while (i < n && !Character.isWhitespace(s.charAt(i))) {
          char c = s.charAt(i++);
          if (c == '\\' && i < n) {
            v.append(s.charAt(i++));
          } else {
            v.append(c);
          }
        }
      }
      out.put(key, v.toString());
    }
    return out;
  }

  /**
   * Builds the JDBC URL and driver properties from libpq parameters: several comma-separated hosts
   * and ports become a multi-host URL, {@code sslmode}/{@code sslrootcert}/{@code sslcert}/{@code
   * sslkey}/{@code sslpassword}, {@code connect_timeout}, {@code application_name}, {@code
   * options}, {@code search_path} and {@code target_session_attrs} map to their JDBC driver
   * equivalents; other parameters are kept as markers that {@link PostgresqlPools} logs and drops.
   *
   * @param p libpq parameters; {@code database} is accepted for {@code dbname}
   * @return the URL and properties
   * @throws IllegalArgumentException for a Unix-domain socket host, which is not supported
   */
  public static Jdbc toJdbc(Map<String, String> p) {
    String hosts = firstNonEmpty(p.get("host"), p.get("hostaddr"), "localhost");
    String ports = firstNonEmpty(p.get("port"), null, "5432");
    String[] hs = hosts.split(",");
    String[] ps = ports.split(",");
    StringBuilder url = new StringBuilder("jdbc:postgresql://");
    for (int i = 0; i < hs.length; i++) {
      String h = hs[i].trim();
      String port = ps.length == 1 ? ps[0].trim() : i < ps.length ? ps[i].trim() : "5432";
      if (port.isEmpty()) {
        port = "5432";
      }
      if (h.startsWith("/")) {
        throw new IllegalArgumentException(
            "connection string: Unix-domain sockets ('" + h + "') are not supported; use a host");
      }
      url.append(i > 0 ? "," : "").append(h.contains(":") ? "[" + h + "]" : h).append(':');
      url.append(port);
    }
    String db = firstNonEmpty(p.get("dbname"), p.get("database"), null);
    url.append('/');
    if (db != null) {
      url.append(java.net.URLEncoder.encode(db, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    Properties props = new Properties();
    for (Map.Entry<String, String> e : p.entrySet()) {
      String v = e.getValue();
      switch (e.getKey()) {
        case "host", "hostaddr", "port", "dbname", "database" -> {}
        case "user" -> props.setProperty("user", v);
        case "password" -> props.setProperty("password", v);
        case "sslmode" -> props.setProperty("sslmode", v);
        case "sslrootcert" -> props.setProperty("sslrootcert", v);
        case "sslcert" -> props.setProperty("sslcert", v);
        case "sslkey" -> props.setProperty("sslkey", v);
        case "sslpassword" -> props.setProperty("sslpassword", v);
        case "connect_timeout" -> props.setProperty("connectTimeout", v);
        case "application_name" -> props.setProperty("ApplicationName", v);
        case "options" -> props.setProperty("options", v);
        case "search_path" -> props.setProperty("currentSchema", v);
        case "target_session_attrs" -> props.setProperty("targetServerType", targetType(v));
        case "pool_max_conns" -> props.setProperty(POOL_MAX_CONNS, v);
        default -> props.setProperty(IGNORED_PREFIX + e.getKey(), "");
      }
    }
    return new Jdbc(url.toString(), props);
  }

  /** Marks pgx pool settings carried in the connection string; removed before connecting. */
  static final String POOL_MAX_CONNS = "plumb.pool_max_conns";

  /** Marks parameters the JDBC driver has no equivalent for; removed and logged. */
  static final String IGNORED_PREFIX = "plumb.ignored.";

  private static String targetType(String libpq) {
    return switch (libpq) {
      case "read-write", "primary" -> "primary";
      case "read-only", "standby" -> "secondary";
      case "prefer-standby" -> "preferSecondary";
      default -> "any";
    };
  }

  private static String firstNonEmpty(String a, String b, String def) {
    if (a != null && !a.isEmpty()) {
      return a;
    }
    if (b != null && !b.isEmpty()) {
      return b;
    }
    return def;
  }
}
