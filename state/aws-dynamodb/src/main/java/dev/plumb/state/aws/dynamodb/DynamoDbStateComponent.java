package dev.plumb.state.aws.dynamodb;

import dev.plumb.api.ComponentException;
import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.state.BulkStateException;
import dev.plumb.api.state.Concurrency;
import dev.plumb.api.state.Consistency;
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
import dev.plumb.common.aws.AwsClients;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Dapr's {@code state.aws.dynamodb}: items {@code {<partitionKey>: S, value: S|B, etag: S,
 * [<ttlAttributeName>: N]}}. Values that are valid UTF-8 are stored as strings (as Dapr stores JSON
 * values), anything else as binary, so bytes always come back exactly. Etags and first-write are
 * condition expressions; transactions are one {@code TransactWriteItems} call. DynamoDB purges
 * expired items late (DynamoDB Local never), so expiry is also checked on every read and write.
 */
final class DynamoDbStateComponent implements StateComponent {
  private static final Logger LOG = LoggerFactory.getLogger(DynamoDbStateComponent.class);
  static final int MAX_TRANSACTION_OPERATIONS = 100;
  private static final int BATCH_GET = 100;
  private static final int BATCH_WRITE = 25;
  private static final int UNPROCESSED_ATTEMPTS = 8;
  private static final String VALUE = "value";
  private static final String ETAG = "etag";

  private final String name;
  private final String type;
  private final DynamoDbConfig config;
  private final AwsClients aws;
  private final DynamoDbClient client;
  private final Clock clock;
  private final String table;
  private final String pk;
  private final String ttlAttr;
  private final Set<StateFeature> features;
  private final SecureRandom random = new SecureRandom();

  DynamoDbStateComponent(
      String name,
      String type,
      DynamoDbConfig config,
      AwsClients aws,
      DynamoDbClient client,
      Clock clock) {
    this.name = name;
    this.type = type;
    this.config = config;
    this.aws = aws;
    this.client = client;
    this.clock = clock;
    this.table = config.table();
    this.pk = config.partitionKey();
    this.ttlAttr = config.ttlAttributeName();
    EnumSet<StateFeature> f = EnumSet.of(StateFeature.ETAG, StateFeature.TRANSACTIONAL);
    if (ttlAttr != null) {
      f.add(StateFeature.TTL);
    }
    this.features = Set.copyOf(f);
  }

  @Override
  public Set<StateFeature> features() {
    return features;
  }

  /**
   * Reads a key that never exists, as Dapr does at start-up: proves the credentials, the endpoint
   * and access to the table with the one permission the store needs anyway.
   */
  @Override
  public void ping() {
    client.getItem(b -> b.tableName(table).key(key("plumb-ping-" + Long.toHexString(nonce()))));
  }

  @Override
  public StateItem<byte[]> get(GetRequest request) {
    GetItemResponse r =
        client.getItem(
            b ->
                b.tableName(table)
                    .key(key(request.key()))
                    .consistentRead(request.consistency() == Consistency.STRONG));
    return r.hasItem() && !r.item().isEmpty() ? toItem(request.key(), r.item()) : null;
  }

  @Override
  public List<StateItem<byte[]>> bulkGet(List<GetRequest> requests) throws InterruptedException {
    List<String> keys = requests.stream().map(GetRequest::key).distinct().toList();
    boolean strong = requests.stream().anyMatch(r -> r.consistency() == Consistency.STRONG);
    Map<String, StateItem<byte[]>> found = new HashMap<>();
    for (int from = 0; from < keys.size(); from += BATCH_GET) {
      List<Map<String, AttributeValue>> batch = new ArrayList<>();
      for (String k : keys.subList(from, Math.min(keys.size(), from + BATCH_GET))) {
        batch.add(key(k));
      }
      Map<String, KeysAndAttributes> pending =
          Map.of(table, KeysAndAttributes.builder().keys(batch).consistentRead(strong).build());
      for (int attempt = 1; !pending.isEmpty(); attempt++) {
        Map<String, KeysAndAttributes> ask = pending;
        BatchGetItemResponse resp = client.batchGetItem(b -> b.requestItems(ask));
        for (Map<String, AttributeValue> item : resp.responses().getOrDefault(table, List.of())) {
          String k = item.get(pk).s();
          StateItem<byte[]> si = toItem(k, item);
          if (si != null) {
            found.put(k, si);
          }
        }
        pending = resp.hasUnprocessedKeys() ? resp.unprocessedKeys() : Map.of();
        if (!pending.isEmpty()) {
          if (attempt >= UNPROCESSED_ATTEMPTS) {
            throw new ComponentException(
                name, type, "DynamoDB left keys unprocessed after " + attempt + " attempts", null);
          }
          backOff(attempt);
        }
      }
    }
    List<StateItem<byte[]>> out = new ArrayList<>(requests.size());
    for (GetRequest r : requests) {
      StateItem<byte[]> item = found.get(r.key());
      out.add(item != null ? item : new StateItem<>(r.key(), null, null, Map.of()));
    }
    return out;
  }

  @Override
  public void set(SetRequest request) {
    PutItemRequest.Builder b = PutItemRequest.builder().tableName(table).item(item(request));
    Condition c = condition(request);
    if (c != null) {
      b.conditionExpression(c.expression).expressionAttributeNames(c.names);
      if (!c.values.isEmpty()) {
        b.expressionAttributeValues(c.values);
      }
    }
    try {
      client.putItem(b.build());
    } catch (ConditionalCheckFailedException e) {
      throw mismatch(request.key(), etagOf(request) != null ? "etag mismatch" : "key exists", e);
    }
  }

  @Override
  public void delete(DeleteRequest request) {
    DeleteItemRequest.Builder b =
        DeleteItemRequest.builder().tableName(table).key(key(request.key()));
    Condition c = condition(request);
    if (c != null) {
      b.conditionExpression(c.expression).expressionAttributeNames(c.names);
      if (!c.values.isEmpty()) {
        b.expressionAttributeValues(c.values);
      }
    }
    try {
      client.deleteItem(b.build());
    } catch (ConditionalCheckFailedException e) {
      throw mismatch(request.key(), "etag mismatch", e);
    }
  }

  @Override
  public void bulkSet(List<SetRequest> requests) throws InterruptedException {
    Map<String, RuntimeException> failures = new LinkedHashMap<>();
    List<WriteRequest> run = new ArrayList<>();
    List<SetRequest> runRequests = new ArrayList<>();
    Set<String> runKeys = new HashSet<>();
    for (SetRequest r : requests) {
      boolean plain = etagOf(r) == null && r.concurrency() == Concurrency.LAST_WRITE;
      if (!plain || runKeys.contains(r.key()) || run.size() == BATCH_WRITE) {
        flushSets(run, runRequests, failures);
        runKeys.clear();
      }
      if (plain) {
        Map<String, AttributeValue> item;
        try {
          item = item(r);
        } catch (InvalidRequestException e) {
          failures.put(r.key(), e);
          continue;
        }
        run.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
        runRequests.add(r);
        runKeys.add(r.key());
      } else {
        runItem(r.key(), failures, () -> set(r));
      }
    }
    flushSets(run, runRequests, failures);
    if (!failures.isEmpty()) {
      throw new BulkStateException(failures);
    }
  }

  @Override
  public void bulkDelete(List<DeleteRequest> requests) throws InterruptedException {
    Map<String, RuntimeException> failures = new LinkedHashMap<>();
    List<WriteRequest> run = new ArrayList<>();
    List<DeleteRequest> runRequests = new ArrayList<>();
    Set<String> runKeys = new HashSet<>();
    for (DeleteRequest r : requests) {
      boolean plain = etagOf(r) == null;
      if (!plain || runKeys.contains(r.key()) || run.size() == BATCH_WRITE) {
        flushDeletes(run, runRequests, failures);
        runKeys.clear();
      }
      if (plain) {
        run.add(
            WriteRequest.builder()
                .deleteRequest(
                    software.amazon.awssdk.services.dynamodb.model.DeleteRequest.builder()
                        .key(key(r.key()))
                        .build())
                .build());
        runRequests.add(r);
        runKeys.add(r.key());
      } else {
        runItem(r.key(), failures, () -> delete(r));
      }
    }
    flushDeletes(run, runRequests, failures);
    if (!failures.isEmpty()) {
      throw new BulkStateException(failures);
    }
  }

  @Override
  public void transact(List<StateMutation> operations, Map<String, String> metadata) {
    if (operations.isEmpty()) {
      return;
    }
    if (operations.size() > MAX_TRANSACTION_OPERATIONS) {
      throw new InvalidRequestException(
          "a DynamoDB transaction holds at most "
              + MAX_TRANSACTION_OPERATIONS
              + " operations, got "
              + operations.size());
    }
    // DynamoDB refuses two operations on one item in a transaction, so fold each key's operations
    // into one: the first operation's condition, the last operation's effect. A later operation
    // that names an etag or insists on first-write can never match what this transaction wrote.
    Map<String, TransactWriteItem> byKey = new LinkedHashMap<>();
    Map<String, Boolean> existsAfter = new HashMap<>();
    Map<String, StateMutation> first = new HashMap<>();
    for (StateMutation op : operations) {
      String k = op.key();
      boolean seen = byKey.containsKey(k);
      if (seen) {
        if (etagOf(op) != null) {
          throw mismatch(k, "etag cannot match: an earlier operation in the transaction wrote it");
        }
        if (op instanceof SetRequest s
            && s.concurrency() == Concurrency.FIRST_WRITE
            && existsAfter.get(k)) {
          throw mismatch(k, "first-write: an earlier operation in the transaction wrote it");
        }
      }
      first.putIfAbsent(k, op);
      Condition c = condition(first.get(k));
      TransactWriteItem twi;
      if (op instanceof SetRequest s) {
        Put.Builder p = Put.builder().tableName(table).item(item(s));
        if (c != null) {
          p.conditionExpression(c.expression).expressionAttributeNames(c.names);
          if (!c.values.isEmpty()) {
            p.expressionAttributeValues(c.values);
          }
        }
        twi = TransactWriteItem.builder().put(p.build()).build();
        existsAfter.put(k, true);
      } else {
        Delete.Builder d = Delete.builder().tableName(table).key(key(k));
        if (c != null) {
          d.conditionExpression(c.expression).expressionAttributeNames(c.names);
          if (!c.values.isEmpty()) {
            d.expressionAttributeValues(c.values);
          }
        }
        twi = TransactWriteItem.builder().delete(d.build()).build();
        existsAfter.put(k, false);
      }
      byKey.put(k, twi);
    }
    try {
      client.transactWriteItems(b -> b.transactItems(byKey.values()));
    } catch (TransactionCanceledException e) {
      if (e.hasCancellationReasons()) {
        List<String> keys = new ArrayList<>(byKey.keySet());
        List<CancellationReason> reasons = e.cancellationReasons();
        for (int i = 0; i < reasons.size() && i < keys.size(); i++) {
          if ("ConditionalCheckFailed".equals(reasons.get(i).code())) {
            throw mismatch(keys.get(i), "transaction condition failed; nothing applied", e);
          }
        }
      }
      throw e;
    }
  }

  @Override
  public int maxTransactionOperations() {
    return MAX_TRANSACTION_OPERATIONS;
  }

  @Override
  public void close() {
    try {
      client.close();
    } finally {
      aws.close();
    }
  }

  // --- item building ---

  private Map<String, AttributeValue> key(String k) {
    return Map.of(pk, AttributeValue.fromS(k));
  }

  private Map<String, AttributeValue> item(SetRequest r) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(pk, AttributeValue.fromS(r.key()));
    item.put(VALUE, encode(r.value()));
    item.put(ETAG, AttributeValue.fromS(Long.toHexString(nonce())));
    Long ttl = StateComponents.ttlSeconds(r.metadata());
    if (ttlAttr != null && ttl != null && ttl > 0) {
      long at = clock.instant().getEpochSecond() + ttl;
      item.put(ttlAttr, AttributeValue.fromN(Long.toString(at)));
    }
    return item;
  }

  private record Condition(
      String expression, Map<String, String> names, Map<String, AttributeValue> values) {}

  /**
   * The condition an operation puts on the stored item: a live item with its etag, or (first-write
   * without etag) no live item. {@code null} for unconditional operations.
   */
  private Condition condition(StateMutation op) {
    Map<String, String> names = new HashMap<>();
    Map<String, AttributeValue> values = new HashMap<>();
    String now = Long.toString(clock.instant().getEpochSecond());
    if (etagOf(op) != null) {
      names.put("#e", ETAG);
      values.put(":etag", AttributeValue.fromS(etagOf(op)));
      String expr = "#e = :etag";
      if (ttlAttr != null) {
        names.put("#t", ttlAttr);
        values.put(":now", AttributeValue.fromN(now));
        expr += " AND (attribute_not_exists(#t) OR #t > :now)";
      }
      return new Condition(expr, names, values);
    }
    if (op instanceof SetRequest s && s.concurrency() == Concurrency.FIRST_WRITE) {
      names.put("#k", pk);
      String expr = "attribute_not_exists(#k)";
      if (ttlAttr != null) {
        names.put("#t", ttlAttr);
        values.put(":now", AttributeValue.fromN(now));
        expr += " OR #t <= :now";
      }
      return new Condition(expr, names, values);
    }
    return null;
  }

  private static AttributeValue encode(byte[] value) {
    try {
      String s =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(value))
              .toString();
      return AttributeValue.fromS(s);
    } catch (CharacterCodingException e) {
      return AttributeValue.fromB(SdkBytes.fromByteArray(value));
    }
  }

  private StateItem<byte[]> toItem(String k, Map<String, AttributeValue> item) {
    Map<String, String> md = Map.of();
    if (ttlAttr != null && item.containsKey(ttlAttr) && item.get(ttlAttr).n() != null) {
      long at = Long.parseLong(item.get(ttlAttr).n());
      if (at <= clock.instant().getEpochSecond()) {
        return null;
      }
      md =
          Map.of(
              StateItem.TTL_EXPIRE_TIME,
              StateComponents.formatExpireTime(Instant.ofEpochSecond(at)));
    }
    AttributeValue v = item.get(VALUE);
    byte[] bytes;
    if (v == null) {
      bytes = new byte[0];
    } else if (v.b() != null) {
      bytes = v.b().asByteArray();
    } else if (v.s() != null) {
      bytes = v.s().getBytes(StandardCharsets.UTF_8);
    } else {
      throw new ComponentException(
          name, type, "value of key '" + k + "' is neither a string nor binary", null);
    }
    AttributeValue e = item.get(ETAG);
    return new StateItem<>(k, bytes, e == null ? null : ETag.of(e.s()), md);
  }

  private long nonce() {
    return random.nextLong();
  }

  // --- batches ---

  private void flushSets(
      List<WriteRequest> run, List<SetRequest> requests, Map<String, RuntimeException> failures)
      throws InterruptedException {
    if (run.isEmpty()) {
      return;
    }
    List<SetRequest> copy = List.copyOf(requests);
    writeBatch(run, copy.stream().map(SetRequest::key).toList(), failures, i -> set(copy.get(i)));
    run.clear();
    requests.clear();
  }

  private void flushDeletes(
      List<WriteRequest> run, List<DeleteRequest> requests, Map<String, RuntimeException> failures)
      throws InterruptedException {
    if (run.isEmpty()) {
      return;
    }
    List<DeleteRequest> copy = List.copyOf(requests);
    writeBatch(
        run, copy.stream().map(DeleteRequest::key).toList(), failures, i -> delete(copy.get(i)));
    run.clear();
    requests.clear();
  }

  private interface ItemWrite {
    void apply(int index);
  }

  private void writeBatch(
      List<WriteRequest> run,
      List<String> keys,
      Map<String, RuntimeException> failures,
      ItemWrite oneByOne)
      throws InterruptedException {
    Map<String, List<WriteRequest>> pending = Map.of(table, List.copyOf(run));
    try {
      for (int attempt = 1; !pending.isEmpty(); attempt++) {
        Map<String, List<WriteRequest>> ask = pending;
        BatchWriteItemResponse resp = client.batchWriteItem(b -> b.requestItems(ask));
        pending = resp.hasUnprocessedItems() ? resp.unprocessedItems() : Map.of();
        if (!pending.isEmpty()) {
          if (attempt >= UNPROCESSED_ATTEMPTS) {
            for (WriteRequest w : pending.get(table)) {
              String k =
                  w.putRequest() != null
                      ? w.putRequest().item().get(pk).s()
                      : w.deleteRequest().key().get(pk).s();
              failures.put(
                  k,
                  new ComponentException(name, type, "DynamoDB left the write unprocessed", null));
            }
            return;
          }
          backOff(attempt);
        }
      }
    } catch (SdkClientException e) {
      throw e;
    } catch (SdkException e) {
      // The batch was refused as a whole (an item too large, say): nothing of it was applied.
      LOG.debug("DynamoDB batch write refused ({}); retrying its items one by one", e.toString());
      for (int i = 0; i < keys.size(); i++) {
        int index = i;
        runItem(keys.get(i), failures, () -> oneByOne.apply(index));
      }
    }
  }

  private void runItem(String key, Map<String, RuntimeException> failures, Runnable write) {
    try {
      write.run();
    } catch (SdkClientException e) {
      // The service is unreachable: the whole bulk call fails.
      throw e;
    } catch (RuntimeException e) {
      failures.put(key, e);
    }
  }

  private static void backOff(int attempt) throws InterruptedException {
    // Unprocessed items mean throttling: back off exponentially, as AWS documents.
    Thread.sleep(Math.min(1_000L, 25L << attempt));
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

  @Override
  public String toString() {
    return "DynamoDbStateComponent[" + name + ", " + config + "]";
  }

  /** The etag to match, or {@code null}: Dapr treats an empty etag as none. */
  private static String etagOf(StateMutation m) {
    return m.etag() == null || m.etag().value().isEmpty() ? null : m.etag().value();
  }
}
