package dev.plumb.bindings.azure.blobstorage;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobItemProperties;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.DeleteSnapshotsOptionType;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;
import com.azure.storage.blob.sas.BlobSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
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
import dev.plumb.api.spi.DaprValues;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * Dapr's blob storage binding operations on one container:
 *
 * <ul>
 *   <li>{@code create}: uploads the data as the block blob {@code blobName} (a random UUID if
 *       absent; the answer's metadata {@code blobName}), base64-decoded first if {@code
 *       decodeBase64}; the request's {@code contentType}, {@code contentMD5} (base64), {@code
 *       contentEncoding}, {@code contentLanguage}, {@code contentDisposition} and {@code
 *       cacheControl} (any case) become its HTTP headers, the other request metadata its blob
 *       metadata (names reduced to letters, digits and {@code _}, as Azure requires); answers
 *       {@code {"blobURL", "blobName"}} and, with {@code signTTL}, {@code presignURL};
 *   <li>{@code get}: the blob's bytes, or no data if it does not exist; {@code
 *       includeMetadata=true} adds its blob metadata to the answer's;
 *   <li>{@code delete}: deletes {@code blobName}; {@code deleteSnapshots} {@code include} or {@code
 *       only};
 *   <li>{@code list}: the request's data may be {@code {"prefix", "marker", "maxResults",
 *       "include": {"metadata", "snapshots", "copy", "uncommittedBlobs", "deleted"}}} (5000 results
 *       by default); answers a JSON array of the blobs ({@code Name}, {@code Properties}, {@code
 *       Metadata}, ...) and metadata {@code marker}, {@code number}, {@code pagesTraversed};
 *   <li>{@code presign}: {@code {"presignURL"}}, a read-only SAS URL of {@code blobName} valid
 *       {@code signTTL};
 *   <li>{@code bulkGet} ({@code {"items": [{"blobName"}], "prefix", "concurrency"}}), {@code
 *       bulkCreate} ({@code {"items": [{"blobName", "data", "contentType"}], "concurrency"}}) and
 *       {@code bulkDelete} ({@code {"blobNames": [...], "prefix", "deleteSnapshots",
 *       "concurrency"}}): one result per blob, {@code {"blobName", "data" | "blobURL", "error"}};
 *       metadata {@code number}. Blobs run {@code concurrency} (10) at a time on the runtime's
 *       blocking executor.
 * </ul>
 *
 * <p>Dapr's {@code filePath}, {@code sourcePath} and {@code destinationDir} (local files named by
 * the request) are refused: the application passes the bytes. Thread-safe.
 */
final class BlobStorageBindingComponent implements OutputBindingComponent {
  private static final Set<String> OPERATIONS =
      Set.of("create", "get", "delete", "list", "presign", "bulkGet", "bulkCreate", "bulkDelete");
  private static final Set<String> HEADERS =
      Set.of(
          "contenttype",
          "contentmd5",
          "contentencoding",
          "contentlanguage",
          "contentdisposition",
          "cachecontrol");
  private static final Set<String> OWN_KEYS = Set.of("blobname", "signttl");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int DEFAULT_MAX_RESULTS = 5000;
  private static final int DEFAULT_CONCURRENCY = 10;

  private final BlobContainerClient container;
  private final boolean decodeBase64;
  private final Executor executor;

  BlobStorageBindingComponent(
      BlobContainerClient container, boolean decodeBase64, Executor executor) {
    this.container = container;
    this.decodeBase64 = decodeBase64;
    this.executor = executor;
  }

  @Override
  public Set<String> operations() {
    return OPERATIONS;
  }

  @Override
  public void ping() {
    container.exists();
  }

  @Override
  public BindingResponse invoke(InvokeRequest request) throws Exception {
    String op = request.operation();
    if (!OPERATIONS.contains(op)) {
      throw new UnsupportedFeatureException("operation '" + op + "' is not supported");
    }
    if (request.metadata("filePath").isPresent()) {
      throw invalid(op, "request metadata 'filePath' is not supported: pass the blob's bytes");
    }
    return switch (op) {
      case "create" -> create(request);
      case "get" -> get(request);
      case "delete" -> {
        delete(request.requireMetadata("blobName"), request.metadata().get("deleteSnapshots"), op);
        yield BindingResponse.EMPTY;
      }
      case "list" -> list(request);
      case "presign" -> presign(request);
      default -> bulk(request);
    };
  }

  private BindingResponse create(InvokeRequest request) throws JsonProcessingException {
    String op = request.operation();
    String name = request.metadata("blobName").orElseGet(() -> UUID.randomUUID().toString());
    Duration ttl = signTtl(request);
    byte[] data = request.data();
    if (decodeBase64) {
      try {
        data = Base64.getDecoder().decode(new String(data, StandardCharsets.US_ASCII).trim());
      } catch (IllegalArgumentException e) {
        throw invalid(op, "the data is not base64, and 'decodeBase64' is set");
      }
    }
    BlobHttpHeaders headers = new BlobHttpHeaders();
    Map<String, String> blobMetadata = new HashMap<>();
    for (Map.Entry<String, String> e : request.metadata().entrySet()) {
      String key = e.getKey().toLowerCase(Locale.ROOT);
      if (OWN_KEYS.contains(key)) {
        continue;
      }
      if (HEADERS.contains(key)) {
        header(op, headers, key, e.getValue());
      } else {
        String safe = e.getKey().replaceAll("[^A-Za-z0-9_]", "");
        if (!safe.isEmpty() && !Character.isDigit(safe.charAt(0))) {
          blobMetadata.put(safe, e.getValue().replaceAll("[^\\x20-\\x7e]", ""));
        }
      }
    }
    BlobClient blob = container.getBlobClient(name);
    String presignUrl = ttl == null ? null : sas(blob, ttl);
    blob.getBlockBlobClient()
        .uploadWithResponse(
            new BlockBlobSimpleUploadOptions(BinaryData.fromBytes(data))
                .setHeaders(headers)
                .setMetadata(blobMetadata)
                .setContentMd5(headers.getContentMd5()),
            null,
            Context.NONE);
    ObjectNode answer = JSON.createObjectNode();
    answer.put("blobURL", blob.getBlobUrl());
    answer.put("blobName", name);
    if (presignUrl != null) {
      answer.put("presignURL", presignUrl);
    }
    return json(answer, Map.of("blobName", name));
  }

  private static void header(String op, BlobHttpHeaders h, String key, String value) {
    switch (key) {
      case "contenttype" -> h.setContentType(value);
      case "contentmd5" -> {
        try {
          h.setContentMd5(Base64.getDecoder().decode(value));
        } catch (IllegalArgumentException e) {
          throw invalid(op, "request metadata 'contentMD5' is not base64");
        }
      }
      case "contentencoding" -> h.setContentEncoding(value);
      case "contentlanguage" -> h.setContentLanguage(value);
      case "contentdisposition" -> h.setContentDisposition(value);
      default -> h.setCacheControl(value);
    }
  }

  private BindingResponse get(InvokeRequest request) {
    BlobClient blob = container.getBlobClient(request.requireMetadata("blobName"));
    byte[] data = download(blob);
    if (data == null) {
      return BindingResponse.EMPTY;
    }
    Map<String, String> md = Map.of();
    if (request.metadata("includeMetadata").map(DaprValues::isTruthy).orElse(false)) {
      md = blob.getProperties().getMetadata();
    }
    return new BindingResponse(data, md, null);
  }

  private static byte[] download(BlobClient blob) {
    try {
      return blob.downloadContent().toBytes();
    } catch (BlobStorageException e) {
      if (BlobErrorCode.BLOB_NOT_FOUND.equals(e.getErrorCode())) {
        return null;
      }
      throw e;
    }
  }

  private void delete(String name, String snapshots, String op) {
    DeleteSnapshotsOptionType option = null;
    if (snapshots != null && !snapshots.isEmpty()) {
      option =
          switch (snapshots.toLowerCase(Locale.ROOT)) {
            case "include" -> DeleteSnapshotsOptionType.INCLUDE;
            case "only" -> DeleteSnapshotsOptionType.ONLY;
            default -> throw invalid(op, "'deleteSnapshots' must be include or only");
          };
    }
    container.getBlobClient(name).deleteIfExistsWithResponse(option, null, null, Context.NONE);
  }

  private BindingResponse list(InvokeRequest request) throws JsonProcessingException {
    JsonNode q = request.data().length == 0 ? JSON.createObjectNode() : parse(request);
    int max = q.path("maxResults").asInt(0);
    max = max > 0 ? max : DEFAULT_MAX_RESULTS;
    JsonNode include = q.path("include");
    ListBlobsOptions options =
        new ListBlobsOptions()
            .setMaxResultsPerPage(max)
            .setDetails(
                new BlobListDetails()
                    .setRetrieveMetadata(include.path("metadata").asBoolean(false))
                    .setRetrieveSnapshots(include.path("snapshots").asBoolean(false))
                    .setRetrieveCopy(include.path("copy").asBoolean(false))
                    .setRetrieveUncommittedBlobs(include.path("uncommittedBlobs").asBoolean(false))
                    .setRetrieveDeletedBlobs(include.path("deleted").asBoolean(false)));
    String prefix = q.path("prefix").asText("");
    if (!prefix.isEmpty()) {
      options.setPrefix(prefix);
    }
    String marker = q.path("marker").asText("");
    ArrayNode blobs = JSON.createArrayNode();
    String next = "";
    int pages = 0;
    var iterator =
        container
            .listBlobs(options, marker.isEmpty() ? null : marker, null)
            .iterableByPage(marker.isEmpty() ? null : marker, max)
            .iterator();
    while (iterator.hasNext() && blobs.size() < max) {
      var page = iterator.next();
      pages++;
      for (BlobItem item : page.getValue()) {
        blobs.add(item(item));
      }
      next = page.getContinuationToken() == null ? "" : page.getContinuationToken();
    }
    return json(
        blobs,
        Map.of(
            "marker",
            next,
            "number",
            Integer.toString(blobs.size()),
            "pagesTraversed",
            Integer.toString(pages)));
  }

  private static ObjectNode item(BlobItem item) {
    ObjectNode o = JSON.createObjectNode();
    o.put("Name", item.getName());
    o.put("Deleted", Boolean.TRUE.equals(item.isDeleted()));
    o.put("Snapshot", item.getSnapshot());
    BlobItemProperties p = item.getProperties();
    ObjectNode props = o.putObject("Properties");
    if (p != null) {
      props.put("ContentLength", p.getContentLength());
      props.put("ContentType", p.getContentType());
      props.put("ETag", p.getETag());
      props.put(
          "LastModified", p.getLastModified() == null ? null : p.getLastModified().toString());
      props.put(
          "CreationTime", p.getCreationTime() == null ? null : p.getCreationTime().toString());
      props.put("BlobType", p.getBlobType() == null ? null : p.getBlobType().toString());
      props.put("AccessTier", p.getAccessTier() == null ? null : p.getAccessTier().toString());
    }
    if (item.getMetadata() != null) {
      ObjectNode md = o.putObject("Metadata");
      item.getMetadata().forEach(md::put);
    }
    return o;
  }

  private BindingResponse presign(InvokeRequest request) throws JsonProcessingException {
    BlobClient blob = container.getBlobClient(request.requireMetadata("blobName"));
    Duration ttl = signTtl(request);
    if (ttl == null) {
      throw invalid("presign", "request metadata 'signTTL' is required");
    }
    ObjectNode answer = JSON.createObjectNode();
    answer.put("presignURL", sas(blob, ttl));
    return json(answer, Map.of());
  }

  private static String sas(BlobClient blob, Duration ttl) {
    String token =
        blob.generateSas(
            new BlobServiceSasSignatureValues(
                OffsetDateTime.now().plus(ttl), new BlobSasPermission().setReadPermission(true)));
    return blob.getBlobUrl() + "?" + token;
  }

  private static Duration signTtl(InvokeRequest request) {
    String v = request.metadata().get("signTTL");
    if (v == null || v.isEmpty()) {
      return null;
    }
    try {
      return DaprValues.parseDuration(v);
    } catch (IllegalArgumentException e) {
      throw invalid(
          request.operation(), "request metadata 'signTTL' is not a duration such as 15m");
    }
  }

  private BindingResponse bulk(InvokeRequest request) throws Exception {
    String op = request.operation();
    JsonNode payload = parse(request);
    for (String local : new String[] {"destinationDir"}) {
      if (payload.has(local)) {
        throw invalid(op, "'" + local + "' is not supported: the answer carries the data");
      }
    }
    int concurrency = payload.path("concurrency").asInt(DEFAULT_CONCURRENCY);
    if (concurrency <= 0) {
      throw invalid(op, "'concurrency' must be greater than 0, got " + concurrency);
    }
    Set<String> names = new LinkedHashSet<>();
    List<JsonNode> creates = new ArrayList<>();
    if (op.equals("bulkCreate")) {
      payload.path("items").forEach(creates::add);
      if (creates.isEmpty()) {
        throw invalid(op, "'items' is empty");
      }
    } else {
      JsonNode list = op.equals("bulkGet") ? payload.path("items") : payload.path("blobNames");
      for (JsonNode n : list) {
        String name = op.equals("bulkGet") ? n.path("blobName").asText("") : n.asText("");
        if (!name.isEmpty()) {
          names.add(name);
        }
      }
      String prefix = payload.path("prefix").asText("");
      if (!prefix.isEmpty()) {
        for (BlobItem b : container.listBlobs(new ListBlobsOptions().setPrefix(prefix), null)) {
          names.add(b.getName());
        }
      }
      if (names.isEmpty()) {
        throw invalid(op, "no blob named, and no blob under 'prefix'");
      }
    }
    String snapshots = payload.path("deleteSnapshots").asText(null);
    Function<JsonNode, ObjectNode> one =
        switch (op) {
          case "bulkGet" -> n -> bulkGet(n.asText());
          case "bulkCreate" -> this::bulkCreate;
          default -> n -> bulkDelete(n.asText(), snapshots, op);
        };
    List<JsonNode> work = new ArrayList<>(creates);
    names.forEach(n -> work.add(JSON.getNodeFactory().textNode(n)));
    Semaphore slots = new Semaphore(concurrency);
    List<CompletableFuture<ObjectNode>> results = new ArrayList<>();
    for (JsonNode item : work) {
      slots.acquire();
      results.add(
          CompletableFuture.supplyAsync(() -> one.apply(item), executor)
              .whenComplete((v, e) -> slots.release()));
    }
    ArrayNode out = JSON.createArrayNode();
    for (Iterator<CompletableFuture<ObjectNode>> it = results.iterator(); it.hasNext(); ) {
      out.add(it.next().get());
    }
    return json(out, Map.of("number", Integer.toString(out.size())));
  }

  private ObjectNode bulkGet(String name) {
    ObjectNode r = JSON.createObjectNode().put("blobName", name);
    try {
      byte[] data = download(container.getBlobClient(name));
      return data == null ? r.put("error", "blob not found") : r.put("data", data);
    } catch (RuntimeException e) {
      return r.put("error", e.getMessage());
    }
  }

  private ObjectNode bulkCreate(JsonNode item) {
    String name = item.path("blobName").asText("");
    ObjectNode r = JSON.createObjectNode().put("blobName", name);
    if (name.isEmpty()) {
      return r.put("error", "blobName is required");
    }
    if (item.has("sourcePath")) {
      return r.put("error", "sourcePath is not supported: give data");
    }
    if (!item.hasNonNull("data")) {
      return r.put("error", "data is required");
    }
    try {
      BlobClient blob = container.getBlobClient(name);
      BlobHttpHeaders headers = new BlobHttpHeaders();
      if (item.hasNonNull("contentType")) {
        headers.setContentType(item.get("contentType").asText());
      }
      blob.getBlockBlobClient()
          .uploadWithResponse(
              new BlockBlobSimpleUploadOptions(
                      BinaryData.fromBytes(
                          item.get("data").asText().getBytes(StandardCharsets.UTF_8)))
                  .setHeaders(headers),
              null,
              Context.NONE);
      return r.put("blobURL", blob.getBlobUrl());
    } catch (RuntimeException e) {
      return r.put("error", e.getMessage());
    }
  }

  private ObjectNode bulkDelete(String name, String snapshots, String op) {
    ObjectNode r = JSON.createObjectNode().put("blobName", name);
    try {
      delete(name, snapshots, op);
      return r;
    } catch (RuntimeException e) {
      return r.put("error", e.getMessage());
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
  public String toString() {
    return "BlobStorageBinding[" + container.getBlobContainerName() + "]";
  }
}
