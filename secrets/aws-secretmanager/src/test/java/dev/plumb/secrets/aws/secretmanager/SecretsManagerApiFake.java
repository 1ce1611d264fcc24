package dev.plumb.secrets.aws.secretmanager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A fake of AWS Secrets Manager's API, written from AWS's public API reference (no emulator of the
 * service runs here): the AWS JSON 1.1 protocol ({@code POST /}, {@code X-Amz-Target:
 * secretsmanager.<Action>}, {@code Content-Type: application/x-amz-json-1.1}), {@code
 * GetSecretValue} by name or ARN with {@code VersionId} and {@code VersionStage} ({@code
 * AWSCURRENT}, {@code AWSPREVIOUS}, custom labels), {@code ListSecrets} paged by {@code NextToken}
 * ({@link #PAGE} entries a page, to exercise paging), and errors as {@code 400 {"__type":
 * "ResourceNotFoundException", "message": ...}}. Requests must carry a SigV4 {@code Authorization}
 * header for the service {@code secretsmanager}. Started once per test run.
 */
final class SecretsManagerApiFake implements ExtensionContext.Store.CloseableResource {
  static final String ACCOUNT = "123456789012";
  static final int PAGE = 2;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A version of a secret. */
  private record Version(String id, String string, byte[] binary, List<String> stages) {}

  /** name to its versions, newest last. */
  private final Map<String, List<Version>> secrets = new ConcurrentSkipListMap<>();

  /** Each request's target and Authorization header. */
  final List<String[]> requests = new CopyOnWriteArrayList<>();

  private final HttpServer server;

  private SecretsManagerApiFake() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::answer);
    server.start();
  }

  /** Gives test methods and {@code @BeforeAll} methods the run's fake as a parameter. */
  static final class Resolver implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == SecretsManagerApiFake.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      return context
          .getRoot()
          .getStore(ExtensionContext.Namespace.GLOBAL)
          .getOrComputeIfAbsent(
              SecretsManagerApiFake.class,
              k -> {
                try {
                  return new SecretsManagerApiFake();
                } catch (IOException e) {
                  throw new IllegalStateException(e);
                }
              },
              SecretsManagerApiFake.class);
    }
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  static String arn(String name) {
    return "arn:aws:secretsmanager:us-east-1:" + ACCOUNT + ":secret:" + name + "-AbCdEf";
  }

  /** PutSecretValue: a new AWSCURRENT version, the previous one becomes AWSPREVIOUS. */
  String put(String name, String value) {
    return add(name, value, null);
  }

  String putBinary(String name, byte[] value) {
    return add(name, null, value);
  }

  private String add(String name, String string, byte[] binary) {
    List<Version> versions = secrets.computeIfAbsent(name, k -> new CopyOnWriteArrayList<>());
    for (int i = 0; i < versions.size(); i++) {
      Version v = versions.get(i);
      List<String> stages = new ArrayList<>(v.stages());
      stages.remove("AWSPREVIOUS");
      if (stages.remove("AWSCURRENT")) {
        stages.add("AWSPREVIOUS");
      }
      versions.set(i, new Version(v.id(), v.string(), v.binary(), stages));
    }
    String id = UUID.randomUUID().toString();
    versions.add(new Version(id, string, binary, List.of("AWSCURRENT")));
    return id;
  }

  /** UpdateSecretVersionStage: adds a custom label to a version. */
  void label(String name, String versionId, String stage) {
    List<Version> versions = secrets.get(name);
    for (int i = 0; i < versions.size(); i++) {
      Version v = versions.get(i);
      if (v.id().equals(versionId)) {
        List<String> stages = new ArrayList<>(v.stages());
        stages.add(stage);
        versions.set(i, new Version(v.id(), v.string(), v.binary(), stages));
      }
    }
  }

  void delete(String name) {
    secrets.remove(name);
  }

  private void answer(HttpExchange ex) throws IOException {
    try (ex) {
      String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      requests.add(new String[] {target, auth});
      if (!"POST".equals(ex.getRequestMethod())
          || !"application/x-amz-json-1.1".equals(ex.getRequestHeaders().getFirst("Content-Type"))
          || target == null
          || !target.startsWith("secretsmanager.")) {
        send(ex, 400, error("UnknownOperationException", null));
        return;
      }
      if (auth == null
          || !auth.startsWith("AWS4-HMAC-SHA256 Credential=")
          || !auth.contains("/secretsmanager/aws4_request")) {
        send(ex, 400, error("MissingAuthenticationTokenException", "Missing Authentication Token"));
        return;
      }
      JsonNode in = JSON.readTree(ex.getRequestBody().readAllBytes());
      switch (target.substring("secretsmanager.".length())) {
        case "GetSecretValue" -> getSecretValue(ex, in);
        case "ListSecrets" -> listSecrets(ex, in);
        default -> send(ex, 400, error("UnknownOperationException", null));
      }
    }
  }

  private void getSecretValue(HttpExchange ex, JsonNode in) throws IOException {
    String id = in.path("SecretId").asText();
    String name = id;
    for (String n : secrets.keySet()) {
      if (arn(n).equals(id)) {
        name = n;
      }
    }
    List<Version> versions = secrets.get(name);
    if (versions == null) {
      send(
          ex,
          400,
          error("ResourceNotFoundException", "Secrets Manager can't find the specified secret."));
      return;
    }
    String versionId = in.hasNonNull("VersionId") ? in.get("VersionId").asText() : null;
    String stage = in.hasNonNull("VersionStage") ? in.get("VersionStage").asText() : null;
    if (versionId == null && stage == null) {
      stage = "AWSCURRENT";
    }
    Version found = null;
    for (Version v : versions) {
      boolean idOk = versionId == null || v.id().equals(versionId);
      boolean stageOk = stage == null || v.stages().contains(stage);
      if (idOk && stageOk) {
        found = v;
      }
    }
    if (found == null) {
      send(
          ex,
          400,
          error(
              "ResourceNotFoundException",
              "Secrets Manager can't find the specified secret value for "
                  + (versionId != null ? "VersionId: " + versionId : "staging label: " + stage)));
      return;
    }
    ObjectNode out = JSON.createObjectNode();
    out.put("ARN", arn(name)).put("Name", name).put("VersionId", found.id());
    if (found.string() != null) {
      out.put("SecretString", found.string());
    } else {
      out.put("SecretBinary", Base64.getEncoder().encodeToString(found.binary()));
    }
    ArrayNode stages = out.putArray("VersionStages");
    found.stages().forEach(stages::add);
    out.put("CreatedDate", 1.7e9);
    send(ex, 200, out);
  }

  private void listSecrets(HttpExchange ex, JsonNode in) throws IOException {
    int max = in.hasNonNull("MaxResults") ? in.get("MaxResults").asInt() : 100;
    if (max < 1 || max > 100) {
      send(ex, 400, error("InvalidParameterException", "MaxResults must be 1 to 100"));
      return;
    }
    int start = in.hasNonNull("NextToken") ? Integer.parseInt(in.get("NextToken").asText()) : 0;
    List<String> names = new ArrayList<>(secrets.keySet());
    int end = Math.min(names.size(), start + Math.min(max, PAGE));
    ObjectNode out = JSON.createObjectNode();
    ArrayNode list = out.putArray("SecretList");
    for (String n : names.subList(Math.min(start, names.size()), end)) {
      list.addObject().put("ARN", arn(n)).put("Name", n);
    }
    if (end < names.size()) {
      out.put("NextToken", Integer.toString(end));
    }
    send(ex, 200, out);
  }

  private static ObjectNode error(String type, String message) {
    ObjectNode e = JSON.createObjectNode().put("__type", type);
    if (message != null) {
      e.put("message", message);
    }
    return e;
  }

  private static void send(HttpExchange ex, int status, ObjectNode body) throws IOException {
    byte[] out = JSON.writeValueAsBytes(body);
    ex.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
    ex.getResponseHeaders().add("x-amzn-RequestId", UUID.randomUUID().toString());
    ex.sendResponseHeaders(status, out.length);
    ex.getResponseBody().write(out);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
