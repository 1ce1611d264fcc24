package dev.plumb.state.azure.tablestorage;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.rest.Response;
import com.azure.core.util.Context;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableErrorCode;
import com.azure.data.tables.models.TableServiceException;
import dev.plumb.api.ComponentException;
import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.UnsupportedFeatureException;
import dev.plumb.api.state.Concurrency;
import dev.plumb.api.state.ETag;
import dev.plumb.api.state.ETagMismatchException;
import dev.plumb.api.state.StateFeature;
import dev.plumb.api.state.StateItem;
import dev.plumb.api.state.spi.DeleteRequest;
import dev.plumb.api.state.spi.GetRequest;
import dev.plumb.api.state.spi.SetRequest;
import dev.plumb.api.state.spi.StateComponent;
import dev.plumb.api.state.spi.StateComponents;
import dev.plumb.api.state.spi.StateMutation;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Dapr's {@code state.azure.tablestorage}: one entity per key, {@code PartitionKey} = the key up to
 * its first {@code ||} (the app id under Dapr's default key prefix), {@code RowKey} = the rest
 * (empty, or {@code _dapr_empty_row_key_value_} in Cosmos DB mode, for keys without {@code ||}),
 * and the value in the property {@code Value}: a string when it is valid UTF-8 (as Dapr writes it),
 * else binary, so bytes always come back exactly. The entity's native ETag is the state etag: etag
 * writes are {@code If-Match} updates, first-write is an insert, last-write an insert-or-replace.
 * No transactions (an Azure batch covers one partition only) and no TTL, as in Dapr; a TTL is
 * refused, never ignored.
 */
final class AzureTableStateComponent implements StateComponent {
  /** Per-call timeout, Dapr's. */
  static final Duration TIMEOUT = Duration.ofSeconds(15);

  static final String VALUE = "Value";
  static final String ODATA_ETAG = "odata.etag";
  static final String COSMOS_EMPTY_ROW_KEY = "_dapr_empty_row_key_value_";
  private static final String DELIMITER = "||";
  private static final String PING_PARTITION = "plumb-ping-never-written";

  /** Azure issues weak etags only and answers anything else with 400 InvalidInput. */
  private static final Pattern WEAK_ETAG = Pattern.compile("[wW]/\"(?:[^\"]|\\\\\")*\"");

  private final String name;
  private final String type;
  private final AzureTableConfig config;
  private final TableClient table;

  AzureTableStateComponent(String name, String type, AzureTableConfig config, TableClient table) {
    this.name = name;
    this.type = type;
    this.config = config;
    this.table = table;
  }

  @Override
  public Set<StateFeature> features() {
    return Set.of(StateFeature.ETAG);
  }

  /** Reads an entity that never exists: succeeds iff the table exists and the key is accepted. */
  @Override
  public void ping() {
    find(PING_PARTITION, PING_PARTITION);
  }

  /**
   * Reads one entity by a point query rather than a GET: a missing entity is then an empty result,
   * not a 404 the Azure SDK logs at ERROR for every miss.
   *
   * @return the entity, or {@code null}
   */
  private TableEntity find(String partitionKey, String rowKey) {
    ListEntitiesOptions options =
        new ListEntitiesOptions()
            .setFilter("PartitionKey eq " + odata(partitionKey) + " and RowKey eq " + odata(rowKey))
            .setTop(1);
    try {
      for (TableEntity e : table.listEntities(options, TIMEOUT, Context.NONE)) {
        return e;
      }
      return null;
    } catch (HttpResponseException e) {
      throw asServiceException(e);
    }
  }

  /**
   * Listing fails with the SDK's internal type: the same {@link TableServiceException} as a GET.
   */
  static TableServiceException asServiceException(HttpResponseException e) {
    if (e instanceof TableServiceException t) {
      return t;
    }
    TableServiceException mapped = new TableServiceException(e.getMessage(), e.getResponse());
    mapped.initCause(e);
    return mapped;
  }

  private static String odata(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  @Override
  public StateItem<byte[]> get(GetRequest request) {
    String[] pr = keys(request.key());
    TableEntity entity = find(pr[0], pr[1]);
    if (entity == null) {
      return null;
    }
    Object v = entity.getProperty(VALUE);
    byte[] bytes;
    if (v == null) {
      // Dapr reads an entity without a Value property as missing.
      return null;
    } else if (v instanceof String s) {
      bytes = s.getBytes(StandardCharsets.UTF_8);
    } else if (v instanceof byte[] b) {
      bytes = b;
    } else {
      throw new ComponentException(
          name,
          type,
          "property '" + VALUE + "' of key '" + request.key() + "' is neither a string nor binary",
          null);
    }
    return new StateItem<>(request.key(), bytes, ETag.of(entity.getETag()), Map.of());
  }

  @Override
  public void set(SetRequest request) {
    Long ttl = StateComponents.ttlSeconds(request.metadata());
    if (ttl != null && ttl > 0) {
      throw new UnsupportedFeatureException(
          "state store '"
              + name
              + "': Azure Table Storage cannot expire values; ttlInSeconds "
              + ttl
              + " is refused rather than ignored");
    }
    String[] pr = keys(request.key());
    Object value = encode(request.value());
    checkSize(request.key(), value);
    TableEntity entity = new TableEntity(pr[0], pr[1]).addProperty(VALUE, value);
    String etag = etagOf(request);
    try {
      if (etag != null) {
        entity.addProperty(ODATA_ETAG, etag);
        table.updateEntityWithResponse(
            entity, TableEntityUpdateMode.REPLACE, true, TIMEOUT, Context.NONE);
      } else if (request.concurrency() == Concurrency.FIRST_WRITE) {
        // The usual lost race, an existing key, is found without the 409 the SDK logs at ERROR.
        if (find(pr[0], pr[1]) != null) {
          throw mismatch(request.key(), "first-write: the key exists");
        }
        table.createEntityWithResponse(entity, TIMEOUT, Context.NONE);
      } else {
        table.upsertEntityWithResponse(
            entity, TableEntityUpdateMode.REPLACE, TIMEOUT, Context.NONE);
      }
    } catch (TableServiceException e) {
      int status = e.getResponse().getStatusCode();
      if (etag != null && (status == 412 || entityNotFound(e))) {
        throw mismatch(request.key(), "etag mismatch", e);
      }
      if (etag == null && status == 409 && !isCode(e, TableErrorCode.TABLE_BEING_DELETED)) {
        throw mismatch(request.key(), "first-write: the key exists", e);
      }
      throw e;
    }
  }

  @Override
  public void delete(DeleteRequest request) {
    String[] pr = keys(request.key());
    TableEntity entity = new TableEntity(pr[0], pr[1]);
    String etag = etagOf(request);
    if (etag != null) {
      entity.addProperty(ODATA_ETAG, etag);
    }
    Response<Void> response;
    try {
      response = table.deleteEntityWithResponse(entity, etag != null, TIMEOUT, Context.NONE);
    } catch (TableServiceException e) {
      if (etag != null && (e.getResponse().getStatusCode() == 412 || entityNotFound(e))) {
        throw mismatch(request.key(), "etag mismatch", e);
      }
      if (etag == null && entityNotFound(e)) {
        return;
      }
      throw e;
    }
    // The SDK answers a missing entity with a 404 response instead of an exception.
    if (etag != null && response.getStatusCode() == 404) {
      throw mismatch(request.key(), "etag given but the key does not exist");
    }
  }

  @Override
  public String toString() {
    return "AzureTableStateComponent[" + name + ", " + config + "]";
  }

  /**
   * Splits a stored key into partition and row key at its first {@code ||}; the result is checked
   * against the characters Azure forbids in keys.
   */
  String[] keys(String key) {
    int i = key.indexOf(DELIMITER);
    String pk = i < 0 ? key : key.substring(0, i);
    String rk = i < 0 ? "" : key.substring(i + DELIMITER.length());
    if (rk.isEmpty() && config.cosmosDbMode()) {
      rk = COSMOS_EMPTY_ROW_KEY;
    }
    checkKey(key, pk);
    checkKey(key, rk);
    return new String[] {pk, rk};
  }

  /** Azure's limits: 1,024 characters per key part, 64 KiB per property. */
  private static final int MAX_KEY_PART = 1024;

  private static final int MAX_PROPERTY_BYTES = 64 * 1024;

  private void checkSize(String key, Object value) {
    // Strings are stored as UTF-16: two bytes a char.
    long bytes = value instanceof String s ? 2L * s.length() : ((byte[]) value).length;
    if (bytes > MAX_PROPERTY_BYTES) {
      throw new InvalidRequestException(
          "state store '"
              + name
              + "', key '"
              + key
              + "': the value takes "
              + bytes
              + " bytes in Azure Table Storage, which holds at most "
              + MAX_PROPERTY_BYTES
              + " bytes (64 KiB) per property");
    }
  }

  private static void checkKey(String key, String part) {
    if (part.length() > MAX_KEY_PART) {
      throw new InvalidRequestException(
          "key '"
              + (key.length() <= 64 ? key : key.substring(0, 64) + "...")
              + "': Azure Table Storage keys are at most "
              + MAX_KEY_PART
              + " characters before and after the first '||'");
    }
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if (c == '/' || c == '\\' || c == '#' || c == '?' || c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
        throw new InvalidRequestException(
            "key '"
                + key
                + "' holds a character Azure Table Storage forbids in keys: '/', '\\', '#', '?'"
                + " or a control character");
      }
    }
  }

  private static Object encode(byte[] value) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(value))
          .toString();
    } catch (CharacterCodingException e) {
      return value;
    }
  }

  private static boolean entityNotFound(TableServiceException e) {
    return e.getResponse().getStatusCode() == 404 && !isCode(e, TableErrorCode.TABLE_NOT_FOUND);
  }

  private static boolean isCode(TableServiceException e, TableErrorCode code) {
    return e.getValue() != null && code.equals(e.getValue().getErrorCode());
  }

  private ETagMismatchException mismatch(String key, String why) {
    return new ETagMismatchException(
        "state store '" + name + "' (" + type + "), key '" + key + "': " + why);
  }

  private ETagMismatchException mismatch(String key, String why, Exception cause) {
    ETagMismatchException e = mismatch(key, why);
    e.initCause(cause);
    return e;
  }

  /**
   * The etag to match, or {@code null}: Dapr treats an empty etag as none.
   *
   * @throws ETagMismatchException if it is not an etag Azure could have issued
   */
  private String etagOf(StateMutation m) {
    if (m.etag() == null || m.etag().value().isEmpty()) {
      return null;
    }
    String etag = m.etag().value();
    if (!WEAK_ETAG.matcher(etag).matches()) {
      // Dapr's rule for this store: a mismatch (no entity can carry it); checked here, since
      // Azure would answer 400 and the SDK log it.
      throw new ETagMismatchException(
          "state store '"
              + name
              + "' ("
              + type
              + "), key '"
              + m.key()
              + "': not an etag Azure issues (they look like W/\"datetime'...'\"), so no entity"
              + " has it");
    }
    return etag;
  }
}
