package dev.plumb.state.aws.dynamodb;

import dev.plumb.api.spi.ComponentMetadata;
import dev.plumb.common.aws.AwsSettings;

/**
 * The component metadata of {@code state.aws.dynamodb}, with Dapr's field names: the shared AWS
 * fields through {@link AwsSettings}, then the table's.
 *
 * @param aws region, endpoint and credentials
 * @param table the table name
 * @param ttlAttributeName the attribute holding expiry epoch seconds, or {@code null}: no TTL
 * @param partitionKey the table's hash key attribute
 * @param createTable whether a missing table is created (Plumb only; for local use)
 */
record DynamoDbConfig(
    AwsSettings aws,
    String table,
    String ttlAttributeName,
    String partitionKey,
    boolean createTable) {

  static final String TABLE = "table";
  static final String TTL_ATTRIBUTE_NAME = "ttlAttributeName";
  static final String PARTITION_KEY = "partitionKey";
  static final String CREATE_TABLE = "createTable";

  /**
   * Reads and validates every field.
   *
   * @param md the component metadata
   * @return the configuration
   * @throws dev.plumb.api.ConfigurationException listing every problem
   */
  static DynamoDbConfig from(ComponentMetadata md) {
    AwsSettings aws = AwsSettings.read(md);
    String table = md.requireString(TABLE);
    if (!table.isEmpty() && !table.matches("[A-Za-z0-9_.-]{3,255}")) {
      String got = md.isSecret(TABLE) ? "a secret value" : "'" + table + "'";
      md.addProblem(
          "metadata '" + TABLE + "' must be 3 to 255 letters, digits, '_', '-' or '.', got " + got);
    }
    String ttl = md.getString(TTL_ATTRIBUTE_NAME).orElse(null);
    String partitionKey = md.getString(PARTITION_KEY, "key");
    if (partitionKey.equals(ttl) || partitionKey.equals("value") || partitionKey.equals("etag")) {
      md.addProblem(
          "metadata '"
              + PARTITION_KEY
              + "' must differ from 'value', 'etag' and the TTL attribute");
    }
    if ("value".equals(ttl) || "etag".equals(ttl)) {
      md.addProblem("metadata '" + TTL_ATTRIBUTE_NAME + "' must differ from 'value' and 'etag'");
    }
    boolean createTable = md.getBoolean(CREATE_TABLE, false);
    md.validate();
    return new DynamoDbConfig(aws, table, ttl, partitionKey, createTable);
  }

  @Override
  public String toString() {
    return "DynamoDbConfig[table="
        + table
        + ", "
        + aws
        + ", ttlAttributeName="
        + ttlAttributeName
        + ", partitionKey="
        + partitionKey
        + "]";
  }
}
