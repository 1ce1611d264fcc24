package dev.plumb.secrets.aws.parameterstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A fake of AWS Systems Manager Parameter Store's API, written from AWS's public API reference (no
 * emulator of the service runs here): the AWS JSON 1.1 protocol ({@code POST /}, {@code
 * X-Amz-Target: AmazonSSM.<Action>}), {@code GetParameter} with selectors ({@code name:3}, {@code
 * name:label}) and {@code WithDecryption} (a {@code SecureString} without it is ciphertext), {@code
 * GetParameters} (at most 10 names; unknown ones in {@code InvalidParameters}), {@code
 * DescribeParameters} with {@code Name} filters ({@code BeginsWith}, {@code Equals}) paged by
 * {@code NextToken} ({@link #PAGE} a page), and errors as {@code 400 {"__type":
 * "ParameterNotFound", ...}}. Requests must carry a SigV4 {@code Authorization} header for the
 * service {@code ssm}. Started once per test run.
 */
final class ParameterStoreApiFake implements ExtensionContext.Store.CloseableResource {
  static final int PAGE = 3;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A version of a parameter. */
  private record Version(String value, String type, List<String> labels) {}

  private final Map<String, List<Version>> parameters = new ConcurrentSkipListMap<>();

  /** Each request's target, Authorization header and body. */
  final List<String[]> requests = new CopyOnWriteArrayList<>();

  private final HttpServer server;

  private ParameterStoreApiFake() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::answer);
    server.start();
  }

  /** Gives test methods and {@code @BeforeAll} methods the run's fake as a parameter. */
  static final class Resolver implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == ParameterStoreApiFake.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      return context
          .getRoot()
          .getStore(ExtensionContext.Namespace.GLOBAL)
          .getOrComputeIfAbsent(
              ParameterStoreApiFake.class,
              k -> {
                try {
                  return new ParameterStoreApiFake();
                } catch (IOException e) {
                  throw new IllegalStateException(e);
                }
              },
              ParameterStoreApiFake.class);
    }
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** PutParameter with Overwrite: a new version. */
  void put(String name, String value, String type) {
    parameters
        .computeIfAbsent(name, k -> new CopyOnWriteArrayList<>())
        .add(new Version(value, type, List.of()));
  }

  /** LabelParameterVersion. */
  void label(String name, int version, String label) {
    List<Version> versions = parameters.get(name);
    Version v = versions.get(version - 1);
    List<String> labels = new ArrayList<>(v.labels());
    labels.add(label);
    versions.set(version - 1, new Version(v.value(), v.type(), labels));
  }

  void delete(String name) {
    parameters.remove(name);
  }

  private void answer(HttpExchange ex) throws IOException {
    try (ex) {
      String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      byte[] body = ex.getRequestBody().readAllBytes();
      requests.add(
          new String[] {target, auth, new String(body, java.nio.charset.StandardCharsets.UTF_8)});
      if (!"POST".equals(ex.getRequestMethod())
          || !"application/x-amz-json-1.1".equals(ex.getRequestHeaders().getFirst("Content-Type"))
          || target == null
          || !target.startsWith("AmazonSSM.")) {
        send(ex, 400, error("UnknownOperationException", null));
        return;
      }
      if (auth == null
          || !auth.startsWith("AWS4-HMAC-SHA256 Credential=")
          || !auth.contains("/ssm/aws4_request")) {
        send(ex, 400, error("MissingAuthenticationTokenException", "Missing Authentication Token"));
        return;
      }
      JsonNode in = JSON.readTree(body);
      switch (target.substring("AmazonSSM.".length())) {
        case "GetParameter" -> getParameter(ex, in);
        case "GetParameters" -> getParameters(ex, in);
        case "DescribeParameters" -> describe(ex, in);
        default -> send(ex, 400, error("UnknownOperationException", null));
      }
    }
  }

  /** The parameter a name with an optional selector designates, or an error type. */
  private Object find(String nameWithSelector, boolean decrypt) {
    String name = nameWithSelector;
    String selector = null;
    int colon = nameWithSelector.lastIndexOf(':');
    if (colon > 0) {
      name = nameWithSelector.substring(0, colon);
      selector = nameWithSelector.substring(colon + 1);
    }
    List<Version> versions = parameters.get(name);
    if (versions == null) {
      return "ParameterNotFound";
    }
    int index = versions.size();
    if (selector != null) {
      index = -1;
      if (selector.matches("[0-9]+")) {
        int n = Integer.parseInt(selector);
        if (n >= 1 && n <= versions.size()) {
          index = n;
        }
      } else {
        for (int i = 0; i < versions.size(); i++) {
          if (versions.get(i).labels().contains(selector)) {
            index = i + 1;
          }
        }
      }
      if (index < 0) {
        return "ParameterVersionNotFound";
      }
    }
    Version v = versions.get(index - 1);
    ObjectNode p = JSON.createObjectNode();
    p.put("Name", name).put("Type", v.type());
    p.put(
        "Value",
        v.type().equals("SecureString") && !decrypt ? "AQICAHh-kms-ciphertext" : v.value());
    p.put("Version", index);
    if (selector != null) {
      p.put("Selector", ":" + selector);
    }
    p.put("LastModifiedDate", 1.7e9).put("DataType", "text");
    p.put(
        "ARN",
        "arn:aws:ssm:us-east-1:123456789012:parameter" + (name.startsWith("/") ? "" : "/") + name);
    return p;
  }

  private void getParameter(HttpExchange ex, JsonNode in) throws IOException {
    Object found = find(in.path("Name").asText(), in.path("WithDecryption").asBoolean(false));
    if (found instanceof String type) {
      send(ex, 400, error(type, null));
      return;
    }
    ObjectNode out = JSON.createObjectNode();
    out.set("Parameter", (ObjectNode) found);
    send(ex, 200, out);
  }

  private void getParameters(HttpExchange ex, JsonNode in) throws IOException {
    JsonNode names = in.path("Names");
    if (names.size() < 1 || names.size() > 10) {
      send(
          ex,
          400,
          error(
              "ValidationException",
              "1 validation error detected: Value at 'names' failed to satisfy constraint: Member"
                  + " must have length less than or equal to 10"));
      return;
    }
    ObjectNode out = JSON.createObjectNode();
    ArrayNode found = out.putArray("Parameters");
    ArrayNode invalid = out.putArray("InvalidParameters");
    for (JsonNode n : names) {
      Object p = find(n.asText(), in.path("WithDecryption").asBoolean(false));
      if (p instanceof ObjectNode o) {
        found.add(o);
      } else {
        invalid.add(n.asText());
      }
    }
    send(ex, 200, out);
  }

  private void describe(HttpExchange ex, JsonNode in) throws IOException {
    int max = in.hasNonNull("MaxResults") ? in.get("MaxResults").asInt() : 10;
    if (max < 1 || max > 50) {
      send(ex, 400, error("ValidationException", "MaxResults must be 1 to 50"));
      return;
    }
    List<String> names = new ArrayList<>();
    for (String name : parameters.keySet()) {
      boolean keep = true;
      for (JsonNode f : in.path("ParameterFilters")) {
        String option = f.path("Option").asText("Equals");
        if (!f.path("Key").asText().equals("Name")
            || !(option.equals("BeginsWith") || option.equals("Equals"))) {
          send(ex, 400, error("InvalidFilterOption", "unsupported filter in this fake"));
          return;
        }
        boolean any = false;
        for (JsonNode v : f.path("Values")) {
          any |=
              option.equals("BeginsWith") ? name.startsWith(v.asText()) : name.equals(v.asText());
        }
        keep &= any;
      }
      if (keep) {
        names.add(name);
      }
    }
    int start = in.hasNonNull("NextToken") ? Integer.parseInt(in.get("NextToken").asText()) : 0;
    int end = Math.min(names.size(), start + Math.min(max, PAGE));
    ObjectNode out = JSON.createObjectNode();
    ArrayNode list = out.putArray("Parameters");
    for (String n : names.subList(Math.min(start, names.size()), end)) {
      List<Version> versions = parameters.get(n);
      list.addObject()
          .put("Name", n)
          .put("Type", versions.get(versions.size() - 1).type())
          .put("Version", versions.size());
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
