package dev.plumb.bindings.aws.s3;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.UnsupportedFeatureException;
import dev.plumb.api.bindings.BindingResponse;
import dev.plumb.api.bindings.spi.InvokeRequest;
import dev.plumb.api.bindings.spi.OutputBindingComponent;
import dev.plumb.common.aws.AwsClients;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Dapr's S3 binding operations on one bucket:
 *
 * <ul>
 *   <li>{@code create}: puts the data under {@code key} (a random UUID if absent; the answer's
 *       metadata {@code key}), with the request's {@code contentType}, {@code storageClass} and
 *       {@code tags} ({@code k=v,k2=v2}); base64-decoded first if {@code decodeBase64}; answers
 *       {@code {"location", "versionID"}} and, with a {@code presignTTL}, {@code presignURL};
 *   <li>{@code get}: the object's bytes (base64 if {@code encodeBase64}), or no data if it does not
 *       exist;
 *   <li>{@code delete}: deletes the object;
 *   <li>{@code list}: the request's data may be {@code {"prefix", "marker", "maxResults",
 *       "delimiter"}} (1000 results by default); answers Dapr's JSON of the listing ({@code
 *       Contents}, {@code IsTruncated}, {@code NextMarker}, {@code CommonPrefixes}, ...);
 *   <li>{@code presign}: {@code {"presignURL"}} for a GET of {@code key}, valid {@code presignTTL};
 *   <li>{@code bulkGet} ({@code {"items": [{"key"}], "concurrency"}}), {@code bulkCreate} ({@code
 *       {"items": [{"key", "data", "contentType"}], "concurrency"}}) and {@code bulkDelete} ({@code
 *       {"keys": [...]}}): answer one result per item, {@code {"key", "data" | "location",
 *       "error"}}, in the request's order; items run {@code concurrency} (10) at a time on the
 *       runtime's blocking executor.
 * </ul>
 *
 * <p>Dapr's {@code filePath} (read or write a local file named by the request) is refused: the
 * application passes the bytes. Thread-safe.
 */
final class S3BindingComponent implements OutputBindingComponent {
  private static final Set<String> OPERATIONS =
      Set.of("create", "get", "delete", "list", "presign", "bulkGet", "bulkCreate", "bulkDelete");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int DEFAULT_MAX_RESULTS = 1000;
  private static final int DEFAULT_CONCURRENCY = 10;

  private final S3Settings settings;
  private final S3Client client;
  private final S3Presigner presigner;
  private final AwsClients clients;
  private final URI endpoint;
  private final Executor executor;

  S3BindingComponent(
      S3Settings settings,
      S3Client client,
      S3Presigner presigner,
      AwsClients clients,
      URI endpoint,
      Executor executor) {
    this.settings = settings;
    this.client = client;
    this.presigner = presigner;
    this.clients = clients;
    this.endpoint = endpoint;
    this.executor = executor;
  }

  @Override
  public Set<String> operations() {
    return OPERATIONS;
  }

  @Override
  public BindingResponse invoke(InvokeRequest request) throws Exception {
    String op = request.operation();
    if (!OPERATIONS.contains(op)) {
      throw new UnsupportedFeatureException("operation '" + op + "' is not supported");
    }
    if (request.metadata("filePath").isPresent()) {
      throw invalid(op, "request metadata 'filePath' is not supported: pass the object's bytes");
    }
    return switch (op) {
      case "create" -> create(request);
      case "get" -> get(request.requireMetadata("key"), request);
      case "delete" -> {
        String key = request.requireMetadata("key");
        client.deleteObject(b -> b.bucket(settings.bucket).key(key));
        yield BindingResponse.EMPTY;
      }
      case "list" -> list(request);
      case "presign" -> presign(request);
      default -> bulk(request);
    };
  }

  private BindingResponse create(InvokeRequest request) throws JsonProcessingException {
    String op = request.operation();
    Map<String, String> md = request.metadata();
    String key = request.metadata("key").orElseGet(() -> UUID.randomUUID().toString());
    byte[] data = decoded(op, request.data(), settings.decodeBase64(md));
    Duration presignTtl = presignTtl(request);
    PutObjectResponse put = put(key, data, md.get("contentType"), md);
    ObjectNode answer = JSON.createObjectNode();
    answer.put("location", location(key));
    answer.put("versionID", put.versionId());
    if (presignTtl != null) {
      answer.put("presignURL", presignUrl(key, presignTtl));
    }
    return json(answer, Map.of("key", key));
  }

  private PutObjectResponse put(
      String key, byte[] data, String contentType, Map<String, String> md) {
    PutObjectRequest.Builder b = PutObjectRequest.builder().bucket(settings.bucket).key(key);
    if (contentType != null && !contentType.isBlank()) {
      b.contentType(contentType.trim());
    }
    String storageClass = settings.storageClass(md);
    if (storageClass != null) {
      b.storageClass(storageClass);
    }
    String tags = md.get("tags");
    if (tags != null && !tags.isEmpty()) {
      b.tagging(tagging(tags));
    }
    return client.putObject(b.build(), RequestBody.fromBytes(data));
  }

  /** Dapr's {@code tags}: {@code key=value} pairs separated by commas, as an S3 tagging query. */
  private static String tagging(String tags) {
    StringBuilder sb = new StringBuilder();
    for (String pair : tags.split(",")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new InvalidRequestException(
            "operation 'create': request metadata 'tags' must be key=value pairs separated by"
                + " commas");
      }
      sb.append(sb.length() == 0 ? "" : "&")
          .append(java.net.URLEncoder.encode(pair.substring(0, eq).trim(), StandardCharsets.UTF_8))
          .append('=')
          .append(
              java.net.URLEncoder.encode(pair.substring(eq + 1).trim(), StandardCharsets.UTF_8));
    }
    return sb.toString();
  }

  private BindingResponse get(String key, InvokeRequest request) {
    byte[] bytes = fetch(key);
    if (bytes == null) {
      return BindingResponse.EMPTY;
    }
    if (settings.encodeBase64(request.metadata())) {
      bytes = Base64.getEncoder().encode(bytes);
    }
    return new BindingResponse(bytes, Map.of(), null);
  }

  private byte[] fetch(String key) {
    try {
      ResponseBytes<GetObjectResponse> got =
          client.getObjectAsBytes(b -> b.bucket(settings.bucket).key(key));
      return got.asByteArray();
    } catch (NoSuchKeyException e) {
      return null;
    }
  }

  private BindingResponse list(InvokeRequest request) throws JsonProcessingException {
    JsonNode q = request.data().length == 0 ? JSON.createObjectNode() : parse(request);
    int max = q.path("maxResults").asInt(0);
    ListObjectsResponse r =
        client.listObjects(
            b -> {
              b.bucket(settings.bucket).maxKeys(max < 1 ? DEFAULT_MAX_RESULTS : max);
              text(q, "prefix", b::prefix);
              text(q, "marker", b::marker);
              text(q, "delimiter", b::delimiter);
            });
    ObjectNode out = JSON.createObjectNode();
    ArrayNode contents = out.putArray("Contents");
    for (S3Object o : r.contents()) {
      ObjectNode c = contents.addObject();
      c.put("Key", o.key());
      c.put("Size", o.size());
      c.put("ETag", o.eTag());
      c.put("LastModified", o.lastModified() == null ? null : o.lastModified().toString());
      c.put("StorageClass", o.storageClassAsString());
    }
    ArrayNode prefixes = out.putArray("CommonPrefixes");
    for (CommonPrefix p : r.commonPrefixes()) {
      prefixes.addObject().put("Prefix", p.prefix());
    }
    out.put("Delimiter", r.delimiter());
    out.put("IsTruncated", Boolean.TRUE.equals(r.isTruncated()));
    out.put("Marker", r.marker());
    out.put("MaxKeys", r.maxKeys());
    out.put("Name", r.name());
    out.put("NextMarker", r.nextMarker());
    out.put("Prefix", r.prefix());
    return json(out, Map.of());
  }

  private static void text(JsonNode q, String field, java.util.function.Consumer<String> to) {
    JsonNode v = q.get(field);
    if (v != null && v.isTextual() && !v.asText().isEmpty()) {
      to.accept(v.asText());
    }
  }

  private BindingResponse presign(InvokeRequest request) throws JsonProcessingException {
    String key = request.requireMetadata("key");
    Duration ttl = presignTtl(request);
    if (ttl == null) {
      throw invalid("presign", "request metadata 'presignTTL' is required");
    }
    ObjectNode answer = JSON.createObjectNode();
    answer.put("presignURL", presignUrl(key, ttl));
    return json(answer, Map.of());
  }

  private String presignUrl(String key, Duration ttl) {
    return presigner
        .presignGetObject(
            p -> p.signatureDuration(ttl).getObjectRequest(g -> g.bucket(settings.bucket).key(key)))
        .url()
        .toString();
  }

  private Duration presignTtl(InvokeRequest request) {
    try {
      return settings.presignTtl(request.metadata()).orElse(null);
    } catch (IllegalArgumentException e) {
      throw invalid(
          request.operation(), "'presignTTL' is not a duration such as 15m: " + e.getMessage());
    }
  }

  private BindingResponse bulk(InvokeRequest request) throws Exception {
    String op = request.operation();
    JsonNode payload = parse(request);
    int concurrency = payload.path("concurrency").asInt(DEFAULT_CONCURRENCY);
    if (payload.has("concurrency") && concurrency <= 0) {
      throw invalid(op, "'concurrency' must be greater than 0, got " + concurrency);
    }
    List<JsonNode> items = new ArrayList<>();
    if (op.equals("bulkDelete")) {
      payload.path("keys").forEach(items::add);
    } else {
      payload.path("items").forEach(items::add);
    }
    if (items.isEmpty()) {
      throw invalid(op, op.equals("bulkDelete") ? "'keys' is empty" : "'items' is empty");
    }
    Function<JsonNode, ObjectNode> one =
        switch (op) {
          case "bulkGet" -> item -> bulkGet(item, request);
          case "bulkCreate" -> this::bulkCreate;
          default -> this::bulkDelete;
        };
    Semaphore slots = new Semaphore(concurrency);
    List<CompletableFuture<ObjectNode>> results = new ArrayList<>();
    for (JsonNode item : items) {
      slots.acquire();
      CompletableFuture<ObjectNode> r =
          CompletableFuture.supplyAsync(() -> one.apply(item), executor)
              .whenComplete((v, e) -> slots.release());
      results.add(r);
    }
    ArrayNode out = JSON.createArrayNode();
    for (CompletableFuture<ObjectNode> r : results) {
      out.add(r.get());
    }
    return json(out, Map.of());
  }

  private ObjectNode bulkGet(JsonNode item, InvokeRequest request) {
    String key = item.path("key").asText("");
    ObjectNode r = result(key);
    if (key.isEmpty()) {
      return r.put("error", "key is required");
    }
    try {
      byte[] bytes = fetch(key);
      if (bytes == null) {
        return r.put("error", "object not found");
      }
      return r.put(
          "data",
          settings.encodeBase64(request.metadata())
              ? Base64.getEncoder().encodeToString(bytes)
              : new String(bytes, StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      return r.put("error", e.getMessage());
    }
  }

  private ObjectNode bulkCreate(JsonNode item) {
    String key = item.path("key").asText("");
    ObjectNode r = result(key);
    if (key.isEmpty()) {
      return r.put("error", "key is required");
    }
    if (!item.hasNonNull("data")) {
      return r.put("error", "data is required");
    }
    try {
      put(
          key,
          item.get("data").asText().getBytes(StandardCharsets.UTF_8),
          item.path("contentType").asText(null),
          Map.of());
      return r.put("location", location(key));
    } catch (RuntimeException e) {
      return r.put("error", e.getMessage());
    }
  }

  private ObjectNode bulkDelete(JsonNode item) {
    String key = item.asText("");
    ObjectNode r = result(key);
    if (key.isEmpty()) {
      return r.put("error", "key is required");
    }
    try {
      client.deleteObject(b -> b.bucket(settings.bucket).key(key));
      return r;
    } catch (RuntimeException e) {
      return r.put("error", e.getMessage());
    }
  }

  private static ObjectNode result(String key) {
    return JSON.createObjectNode().put("key", key);
  }

  /** Dapr's location of an object: the endpoint's URL, else the bucket's S3 URL. */
  private String location(String key) {
    if (endpoint != null) {
      return endpoint.toString().replaceAll("/+$", "") + "/" + settings.bucket + "/" + key;
    }
    return settings.forcePathStyle
        ? "https://s3.amazonaws.com/" + settings.bucket + "/" + key
        : "https://" + settings.bucket + ".s3.amazonaws.com/" + key;
  }

  private static byte[] decoded(String op, byte[] data, boolean decodeBase64) {
    if (!decodeBase64) {
      return data;
    }
    try {
      return Base64.getDecoder().decode(new String(data, StandardCharsets.US_ASCII).trim());
    } catch (IllegalArgumentException e) {
      throw invalid(op, "the data is not base64, and 'decodeBase64' is set");
    }
  }

  private static JsonNode parse(InvokeRequest request) {
    try {
      JsonNode node = JSON.readTree(request.data());
      if (node == null || !node.isObject()) {
        throw invalid(request.operation(), "the data must be a JSON object");
      }
      return node;
    } catch (java.io.IOException e) {
      throw invalid(request.operation(), "the data is not JSON: " + e.getMessage());
    }
  }

  private static BindingResponse json(JsonNode node, Map<String, String> metadata)
      throws JsonProcessingException {
    return new BindingResponse(JSON.writeValueAsBytes(node), metadata, "application/json");
  }

  private static InvalidRequestException invalid(String op, String message) {
    return new InvalidRequestException("operation '" + op + "': " + message);
  }

  @Override
  public void close() {
    presigner.close();
    client.close();
    clients.close();
  }

  @Override
  public String toString() {
    return "S3Binding[" + settings.bucket + "]";
  }
}
