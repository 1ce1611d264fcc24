package dev.plumb.secrets.hashicorp.vault;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.secrets.spi.BulkGetSecretRequest;
import dev.plumb.api.secrets.spi.GetSecretRequest;
import dev.plumb.api.secrets.spi.SecretStoreComponent;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dapr's {@code secretstores.hashicorp.vault}. A secret is the entry at {@code
 * <enginePath>/<vaultKVPrefix>/<name>} of a KV engine: version 2 reads {@code
 * /v1/<enginePath>/data/...?version=<version_id or 0>} and lists {@code
 * /v1/<enginePath>/metadata/...}; version 1 reads and lists {@code /v1/<enginePath>/...}. With
 * {@code vaultValueType: map} a secret is its fields; with {@code text} it is {@code {name: <the
 * fields as JSON>}}. Bulk get lists the prefix recursively (names keep their sub-folders, {@code
 * folder/name}) and reads every entry, skipping those gone in between. A missing (or deleted)
 * secret is {@code null}.
 *
 * <p>Thread-safe. The token is sent in {@code X-Vault-Token} and never printed; errors carry
 * Vault's {@code errors} messages, never a response body.
 */
final class VaultSecretStoreComponent implements SecretStoreComponent {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final String owner;
  private final VaultConfig config;
  private final HttpClient http;

  VaultSecretStoreComponent(String owner, VaultConfig config, HttpClient http) {
    this.owner = owner;
    this.config = config;
    this.http = http;
  }

  /** In {@code map} mode a secret holds several keys, as Dapr declares. */
  @Override
  public boolean multipleKeyValuesPerSecret() {
    return !config.text();
  }

  /** Asks {@code /v1/sys/health}; a standby or performance standby node counts as up. */
  @Override
  public void ping() throws IOException, InterruptedException {
    HttpResponse<byte[]> r =
        send("GET", config.address() + "/v1/sys/health?standbyok=true&perfstandbyok=true", false);
    if (r.statusCode() != 200) {
      throw failure("ping", "", r);
    }
  }

  @Override
  public Map<String, String> getSecret(GetSecretRequest request)
      throws IOException, InterruptedException {
    checkName(request.name(), "get");
    return read(request.name(), version(request.metadata(), "get"), "get");
  }

  @Override
  public Map<String, Map<String, String>> bulkGetSecret(BulkGetSecretRequest request)
      throws IOException, InterruptedException {
    String version = version(request.metadata(), "bulkGet");
    Map<String, Map<String, String>> all = new LinkedHashMap<>();
    for (String name : list("")) {
      Map<String, String> secret = read(name, version, "bulkGet");
      if (secret != null) {
        all.put(name, secret);
      }
    }
    return all;
  }

  private Map<String, String> read(String name, String version, String operation)
      throws IOException, InterruptedException {
    String url =
        config.kvVersion() == 2
            ? engine() + "/data/" + path(name) + "?version=" + version
            : engine() + "/" + path(name);
    HttpResponse<byte[]> r = send("GET", url, true);
    if (r.statusCode() == 404) {
      return null;
    }
    if (r.statusCode() != 200) {
      throw failure(operation, " '" + name + "'", r);
    }
    JsonNode root = parse(r, operation, name);
    JsonNode data = config.kvVersion() == 2 ? root.path("data").path("data") : root.path("data");
    if (!data.isObject()) {
      // KV v2 answers a destroyed version with data null.
      return null;
    }
    if (config.text()) {
      // Dapr's text mode: the fields as JSON, keyed by the name asked for.
      return Map.of(name, data.toString());
    }
    Map<String, String> values = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = data.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      JsonNode v = f.getValue();
      values.put(f.getKey(), v.isTextual() ? v.asText() : v.isNull() ? "" : v.toString());
    }
    return Map.copyOf(values);
  }

  /** Every secret name under {@code folder} (empty or ending with {@code /}), recursively. */
  private List<String> list(String folder) throws IOException, InterruptedException {
    String url =
        config.kvVersion() == 2
            ? engine() + "/metadata/" + path(folder)
            : engine() + "/" + path(folder);
    if (!url.endsWith("/")) {
      url += "/";
    }
    HttpResponse<byte[]> r = send("LIST", url, true);
    List<String> names = new ArrayList<>();
    if (r.statusCode() == 404) {
      // Vault answers 404 for a folder with nothing under it.
      return names;
    }
    if (r.statusCode() != 200) {
      throw failure("bulkGet", " (listing '" + folder + "')", r);
    }
    for (JsonNode key : parse(r, "bulkGet", folder).path("data").path("keys")) {
      String k = key.asText();
      if (k.endsWith("/")) {
        names.addAll(list(folder + k));
      } else {
        names.add(folder + k);
      }
    }
    return names;
  }

  private String engine() {
    return config.address() + "/v1/" + encodePath(config.enginePath());
  }

  /** The prefix and the name, each segment URL-encoded. */
  private String path(String name) {
    String p = config.prefix().isEmpty() ? name : config.prefix() + "/" + name;
    return encodePath(p);
  }

  private static String encodePath(String path) {
    StringBuilder out = new StringBuilder();
    String[] segments = path.split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      if (i > 0) {
        out.append('/');
      }
      out.append(URLEncoder.encode(segments[i], StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return out.toString();
  }

  /** A name may hold folders, but never climb out of the prefix. */
  private void checkName(String name, String operation) {
    for (String segment : name.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new InvalidRequestException(
            owner
                + " "
                + operation
                + ": secret name '"
                + name
                + "' must be '/'-separated non-empty segments other than '.' and '..'");
      }
    }
  }

  private String version(Map<String, String> metadata, String operation) {
    String v = metadata.get("version_id");
    if (v == null || v.isEmpty()) {
      return "0";
    }
    if (config.kvVersion() == 1) {
      throw new InvalidRequestException(
          owner
              + " "
              + operation
              + ": metadata 'version_id': a KV version 1 engine has no versions");
    }
    if (!v.matches("[0-9]{1,18}")) {
      throw new InvalidRequestException(
          owner
              + " "
              + operation
              + ": metadata 'version_id' must be a version number (0 for the latest), got '"
              + v
              + "'");
    }
    return v;
  }

  private HttpResponse<byte[]> send(String method, String url, boolean withToken)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(TIMEOUT)
            .method(method, HttpRequest.BodyPublishers.noBody())
            .header("X-Vault-Request", "true");
    if (withToken) {
      b.header("X-Vault-Token", config.token());
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private JsonNode parse(HttpResponse<byte[]> r, String operation, String name) {
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      // The parser's message may quote the body, which holds values: name the position only.
      throw new IllegalStateException(
          owner
              + " "
              + operation
              + " '"
              + name
              + "': Vault's answer is not JSON"
              + (e instanceof JsonProcessingException j && j.getLocation() != null
                  ? " (column " + j.getLocation().getColumnNr() + ")"
                  : ""));
    }
  }

  /** Vault's error: the status and its {@code errors} messages, never anything else. */
  private IllegalStateException failure(String operation, String what, HttpResponse<byte[]> r) {
    List<String> errors = new ArrayList<>();
    try {
      for (JsonNode e : JSON.readTree(r.body()).path("errors")) {
        errors.add(e.asText());
      }
    } catch (IOException notJson) {
      // Not Vault's JSON (a proxy's page): the status says enough.
    }
    return new IllegalStateException(
        owner
            + " "
            + operation
            + what
            + ": Vault answered HTTP "
            + r.statusCode()
            + (errors.isEmpty() ? "" : ": " + String.join("; ", errors)));
  }

  @Override
  public void close() {
    // HttpClient is AutoCloseable from Java 21 on; on 17 its thread ends with the object.
    Object client = http;
    if (client instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        // Nothing to release that matters more than closing the others.
      }
    }
  }

  @Override
  public String toString() {
    return "VaultSecretStoreComponent[" + owner + ", " + config + "]";
  }
}
