package dev.plumb.state.aws.dynamodb;

import java.util.Map;

/**
 * The conformance kit against {@code state.aws.dynamodb} as Dapr's docker configuration runs it: no
 * {@code ttlAttributeName}, so no TTL feature (transaction, etag, first-write).
 */
class DynamoDbNoTtlStateConformanceIT extends DynamoDbStateConformanceIT {
  @Override
  Map<String, String> metadata() {
    return local.metadata();
  }
}
