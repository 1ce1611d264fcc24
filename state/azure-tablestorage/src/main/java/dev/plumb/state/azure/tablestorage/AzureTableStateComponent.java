package dev.plumb.state.azure.tablestorage;

import com.azure.core.http.rest.Response;
import com.azure.core.util.Context;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableErrorCode;
import com.azure.data.tables.models.TableServiceException;
import dev.plumb.api.ComponentException;
import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.state.Concurrency;
import dev.plumb.api.state.ETag;
import dev.plumb.api.state.ETagInvalidException;
import dev.plumb.api.state.ETagMismatchException;
import dev.plumb.api.state.StateFeature;
import dev.plumb.api.state.StateItem;
import dev.plumb.api.state.spi.DeleteRequest;
import dev.plumb.api.state.spi.GetRequest;
import dev.plumb.api.state.spi.SetRequest;
import dev.plumb.api.state.spi.StateComponent;
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
 * No transactions (an Azure batch covers one partition only) and no TTL, as in Dapr.
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
    try {
      table.getEntityWithResponse(PING_PARTITION, PING_PARTITION, null, TIMEOUT, Context.NONE);
    } catch (TableServiceException e) {
      if (!entityNotFound(e)) {
        throw e;
      }
    }
  }

  @Override
  public StateItem<byte[]> get(GetRequest request) {
    String[] pr = keys(request.key());
    TableEntity entity;
    try {
      entity = table.getEntityWithResponse(pr[0], pr[1], null, TIMEOUT, Context.NONE).getValue();
    } catch (TableServiceException e) {
      if (entityNotFound(e)) {
        return null;
      }
      throw e;
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
    String[] pr = keys(request.key());
    TableEntity entity = new TableEntity(pr[0], pr[1]).addProperty(VALUE, encode(request.value()));
    String etag = etagOf(request);
    try {
      if (etag != null) {
        entity.addProperty(ODATA_ETAG, etag);
        table.updateEntityWithResponse(
            entity, TableEntityUpdateMode.REPLACE, true, TIMEOUT, Context.NONE);
      } else if (request.concurrency() == Concurrency.FIRST_WRITE) {
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

  private static void checkKey(String key, String part) {
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
   * @throws ETagInvalidException if it is not an etag Azure could have issued
   */
  private String etagOf(StateMutation m) {
    if (m.etag() == null || m.etag().value().isEmpty()) {
      return null;
    }
    String etag = m.etag().value();
    if (!WEAK_ETAG.matcher(etag).matches()) {
      throw new ETagInvalidException(
          "state store '"
              + name
              + "' ("
              + type
              + "), key '"
              + m.key()
              + "': invalid etag value: Azure Table etags look like W/\"datetime'...'\"");
    }
    return etag;
  }
}
