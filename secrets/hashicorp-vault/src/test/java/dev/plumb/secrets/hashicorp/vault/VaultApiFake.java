package dev.plumb.secrets.hashicorp.vault;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A fake of HashiCorp Vault's HTTP API, written from Vault's public API reference (no Vault server
 * can run here): the KV secrets engine version 2 ({@code GET /v1/<mount>/data/<path>?version=N},
 * {@code LIST /v1/<mount>/metadata/<path>/}, versions, soft deletes) and version 1 ({@code GET} and
 * {@code LIST /v1/<mount>/<path>}), {@code X-Vault-Token} checks with {@code 403 {"errors":
 * ["permission denied"]}}, {@code 404 {"errors": []}} for a missing path, and {@code
 * /v1/sys/health}. {@code LIST} is also accepted as {@code GET ?list=true}, as Vault does.
 *
 * <p>Served over HTTP and over HTTPS (a certificate for {@code vault.test} made with the JDK's
 * {@code keytool}), once per test run.
 */
final class VaultApiFake implements ExtensionContext.Store.CloseableResource {
  static final String TOKEN = "hvs.root-token-never-printed";
  static final String CERT_NAME = "vault.test";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** mount to its KV version. */
  private final Map<String, Integer> mounts = new ConcurrentHashMap<>();

  /** mount/path to its versions, oldest first; a soft-deleted version is {@code null}. */
  private final Map<String, List<Map<String, Object>>> entries = new ConcurrentHashMap<>();

  /** Every request's method, path and query, for assertions. */
  final List<String> requests = new CopyOnWriteArrayList<>();

  private final HttpServer http;
  private final HttpsServer https;
  private final Path dir;
  private final Path caPem;

  private VaultApiFake() throws Exception {
    dir = Files.createTempDirectory("plumb-vault-fake");
    Path keystore = dir.resolve("server.p12");
    keytool(
        "-genkeypair",
        "-alias",
        "vault",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=" + CERT_NAME,
        "-ext",
        "SAN=dns:" + CERT_NAME,
        "-validity",
        "2",
        "-keystore",
        keystore.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        "changeit");
    caPem = dir.resolve("ca.pem");
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        "vault",
        "-keystore",
        keystore.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        "changeit",
        "-file",
        caPem.toString());
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      ks.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "changeit".toCharArray());
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(kmf.getKeyManagers(), null, null);

    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext("/", this::answer);
    http.setExecutor(Executors.newCachedThreadPool());
    http.start();
    https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    https.setHttpsConfigurator(new HttpsConfigurator(ssl));
    https.createContext("/", this::answer);
    https.setExecutor(Executors.newCachedThreadPool());
    https.start();
  }

  private static void keytool(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("keytool failed: " + out);
    }
  }

  /** Gives test methods and {@code @BeforeAll} methods the run's fake as a parameter. */
  static final class Resolver implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == VaultApiFake.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      return context
          .getRoot()
          .getStore(ExtensionContext.Namespace.GLOBAL)
          .getOrComputeIfAbsent(
              VaultApiFake.class,
              k -> {
                try {
                  return new VaultApiFake();
                } catch (Exception e) {
                  throw new IllegalStateException("the Vault API fake did not start", e);
                }
              },
              VaultApiFake.class);
    }
  }

  String httpUrl() {
    return "http://127.0.0.1:" + http.getAddress().getPort();
  }

  /** HTTPS on 127.0.0.1 with a certificate for {@link #CERT_NAME} only. */
  String httpsUrl() {
    return "https://127.0.0.1:" + https.getAddress().getPort();
  }

  Path caPem() {
    return caPem;
  }

  Path dir() {
    return dir;
  }

  void mount(String mount, int kvVersion) {
    mounts.put(mount, kvVersion);
  }

  /** Writes a new version (v2) or replaces the entry (v1). */
  void put(String mount, String path, Map<String, Object> data) {
    List<Map<String, Object>> versions =
        entries.computeIfAbsent(mount + "/" + path, k -> new CopyOnWriteArrayList<>());
    if (mounts.get(mount) == 1) {
      versions.clear();
    }
    versions.add(data);
  }

  /** KV v2's soft delete of the latest version. */
  void deleteLatest(String mount, String path) {
    List<Map<String, Object>> versions = entries.get(mount + "/" + path);
    versions.set(versions.size() - 1, null);
  }

  private void answer(HttpExchange ex) throws IOException {
    try (ex) {
      String method = ex.getRequestMethod();
      String path = ex.getRequestURI().getRawPath();
      String query = ex.getRequestURI().getRawQuery();
      requests.add(method + " " + path + (query == null ? "" : "?" + query));
      if (query != null && query.contains("list=true") && method.equals("GET")) {
        method = "LIST";
      }
      if (path.equals("/v1/sys/health")) {
        send(ex, 200, JSON.createObjectNode().put("initialized", true).put("sealed", false));
        return;
      }
      if (!TOKEN.equals(ex.getRequestHeaders().getFirst("X-Vault-Token"))) {
        send(ex, 403, errors("permission denied"));
        return;
      }
      String rest = URLDecoder.decode(path.substring("/v1/".length()), StandardCharsets.UTF_8);
      String mount = null;
      for (String m : mounts.keySet()) {
        if (rest.startsWith(m + "/") && (mount == null || m.length() > mount.length())) {
          mount = m;
        }
      }
      if (mount == null) {
        send(ex, 403, errors("permission denied"));
        return;
      }
      rest = rest.substring(mount.length() + 1);
      int version = mounts.get(mount);
      if (version == 2) {
        if (method.equals("LIST") && rest.startsWith("metadata/")) {
          list(ex, mount, rest.substring("metadata/".length()));
        } else if (method.equals("GET") && rest.startsWith("data/")) {
          readV2(ex, mount, rest.substring("data/".length()), query);
        } else {
          send(ex, 405, errors("1 error occurred:\n\t* unsupported operation\n\n"));
        }
      } else if (method.equals("LIST")) {
        list(ex, mount, rest);
      } else if (method.equals("GET")) {
        List<Map<String, Object>> versions = entries.get(mount + "/" + rest);
        if (versions == null || versions.isEmpty()) {
          send(ex, 404, errors());
        } else {
          ObjectNode body = JSON.createObjectNode();
          body.put("lease_duration", 2764800).put("renewable", false);
          body.set("data", JSON.valueToTree(versions.get(0)));
          send(ex, 200, body);
        }
      } else {
        send(ex, 405, errors("1 error occurred:\n\t* unsupported operation\n\n"));
      }
    }
  }

  private void readV2(HttpExchange ex, String mount, String path, String query) throws IOException {
    List<Map<String, Object>> versions = entries.get(mount + "/" + path);
    int wanted = 0;
    if (query != null) {
      for (String kv : query.split("&")) {
        if (kv.startsWith("version=")) {
          wanted = Integer.parseInt(kv.substring("version=".length()));
        }
      }
    }
    if (versions == null || wanted > versions.size()) {
      send(ex, 404, errors());
      return;
    }
    int v = wanted == 0 ? versions.size() : wanted;
    Map<String, Object> data = versions.get(v - 1);
    ObjectNode body = JSON.createObjectNode();
    ObjectNode d = body.putObject("data");
    ObjectNode meta = JSON.createObjectNode();
    meta.put("created_time", "2026-01-01T00:00:00.000000Z").put("version", v);
    meta.put("deletion_time", data == null ? "2026-01-02T00:00:00.000000Z" : "");
    meta.put("destroyed", false);
    if (data == null) {
      // A soft-deleted version: 404 with the metadata and data null.
      d.putNull("data");
      d.set("metadata", meta);
      send(ex, 404, body);
      return;
    }
    d.set("data", JSON.valueToTree(data));
    d.set("metadata", meta);
    send(ex, 200, body);
  }

  private void list(HttpExchange ex, String mount, String folder) throws IOException {
    String prefix = mount + "/" + folder;
    if (!prefix.endsWith("/")) {
      prefix += "/";
    }
    TreeSet<String> keys = new TreeSet<>();
    for (String key : entries.keySet()) {
      if (key.startsWith(prefix)) {
        String rest = key.substring(prefix.length());
        int slash = rest.indexOf('/');
        keys.add(slash < 0 ? rest : rest.substring(0, slash + 1));
      }
    }
    if (keys.isEmpty()) {
      send(ex, 404, errors());
      return;
    }
    ObjectNode body = JSON.createObjectNode();
    ArrayNode arr = body.putObject("data").putArray("keys");
    keys.forEach(arr::add);
    send(ex, 200, body);
  }

  private static ObjectNode errors(String... messages) {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode arr = body.putArray("errors");
    for (String m : messages) {
      arr.add(m);
    }
    return body;
  }

  private static void send(HttpExchange ex, int status, ObjectNode body) throws IOException {
    byte[] out = JSON.writeValueAsBytes(body);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, out.length);
    ex.getResponseBody().write(out);
  }

  @Override
  public void close() {
    http.stop(0);
    https.stop(0);
  }
}
