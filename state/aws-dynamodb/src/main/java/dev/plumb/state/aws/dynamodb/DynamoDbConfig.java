package dev.plumb.state.aws.dynamodb;

import dev.plumb.api.spi.ComponentMetadata;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * The component metadata of {@code state.aws.dynamodb}, with Dapr's field names.
 *
 * @param table the table name
 * @param region the AWS region, or {@code null} for the SDK's default chain
 * @param endpoint an endpoint override (DynamoDB Local), or {@code null}
 * @param accessKey the access key id, or {@code null} for the SDK's default credentials
 * @param secretKey the secret access key, or {@code null}
 * @param sessionToken the session token, or {@code null}
 * @param ttlAttributeName the attribute holding expiry epoch seconds, or {@code null}: no TTL
 * @param partitionKey the table's hash key attribute
 * @param createTable whether a missing table is created (Plumb only; for local use)
 */
record DynamoDbConfig(
    String table,
    String region,
    URI endpoint,
    String accessKey,
    String secretKey,
    String sessionToken,
    String ttlAttributeName,
    String partitionKey,
    boolean createTable) {

  static final String TABLE = "table";
  static final String REGION = "region";
  static final String AWS_REGION = "awsRegion";
  static final String ENDPOINT = "endpoint";
  static final String ACCESS_KEY = "accessKey";
  static final String SECRET_KEY = "secretKey";
  static final String SESSION_TOKEN = "sessionToken";
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
    String table = md.requireString(TABLE);
    if (!table.isEmpty() && !table.matches("[A-Za-z0-9_.-]{3,255}")) {
      String got = md.isSecret(TABLE) ? "a secret value" : "'" + table + "'";
      md.addProblem(
          "metadata '" + TABLE + "' must be 3 to 255 letters, digits, '_', '-' or '.', got " + got);
    }
    String region = md.getString(REGION).or(() -> md.getString(AWS_REGION)).orElse(null);
    URI endpoint = null;
    String ep = md.getString(ENDPOINT).orElse(null);
    if (ep != null) {
      try {
        endpoint = new URI(ep.contains("://") ? ep : "https://" + ep);
      } catch (URISyntaxException e) {
        String got = md.isSecret(ENDPOINT) ? "a secret value" : "'" + ep + "'";
        md.addProblem("metadata '" + ENDPOINT + "' is not a URL, got " + got);
      }
    }
    String accessKey = md.getString(ACCESS_KEY).orElse(null);
    String secretKey = md.getString(SECRET_KEY).orElse(null);
    String sessionToken = md.getString(SESSION_TOKEN).orElse(null);
    if ((accessKey == null) != (secretKey == null)) {
      md.addProblem(
          "metadata '" + ACCESS_KEY + "' and '" + SECRET_KEY + "' must be given together");
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
    return new DynamoDbConfig(
        table,
        region,
        endpoint,
        accessKey,
        secretKey,
        sessionToken,
        ttl,
        partitionKey,
        createTable);
  }

  @Override
  public String toString() {
    return "DynamoDbConfig[table="
        + table
        + ", region="
        + region
        + ", endpoint="
        + endpoint
        + ", credentials="
        + (accessKey == null ? "default chain" : "static")
        + ", ttlAttributeName="
        + ttlAttributeName
        + ", partitionKey="
        + partitionKey
        + "]";
  }
}
