package dev.plumb.state.aws.dynamodb;

import dev.plumb.api.ConfigurationException;
import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.ComponentProvider;
import dev.plumb.api.state.spi.StateComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Creates {@code state.aws.dynamodb} components: Dapr's DynamoDB state store on the AWS SDK for
 * Java v2 (URL-connection HTTP client). Reads Dapr's metadata ({@code table}, {@code region},
 * {@code endpoint}, {@code accessKey}, {@code secretKey}, {@code sessionToken}, {@code
 * ttlAttributeName}, {@code partitionKey}) plus {@code createTable}, which creates a missing table
 * for local use. Features: ETAG, TRANSACTIONAL (at most 100 operations), and TTL when {@code
 * ttlAttributeName} is set. Found through {@link java.util.ServiceLoader}; thread-safe.
 */
public final class DynamoDbStateProvider implements ComponentProvider<StateComponent> {
  private static final Logger LOG = LoggerFactory.getLogger(DynamoDbStateProvider.class);

  /** The Dapr component type. */
  public static final String TYPE = "state.aws.dynamodb";

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public DynamoDbStateProvider() {}

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Class<StateComponent> componentClass() {
    return StateComponent.class;
  }

  /**
   * Validates the metadata, builds the client and checks access to the table (creating it first if
   * {@code createTable} is true).
   *
   * @param context the component's identity, metadata and clock
   * @return the started store
   * @throws ConfigurationException if the metadata is invalid or no region can be found
   * @throws software.amazon.awssdk.core.exception.SdkException if DynamoDB cannot be reached or the
   *     table is missing
   */
  @Override
  public StateComponent create(ComponentContext context) throws Exception {
    DynamoDbConfig config = DynamoDbConfig.from(context.metadata());
    DynamoDbClient client = client(context, config);
    try {
      if (config.createTable()) {
        ensureTable(client, config);
      }
      DynamoDbStateStore store =
          new DynamoDbStateStore(context.name(), context.type(), config, client, context.clock());
      store.ping();
      return store;
    } catch (Exception e) {
      client.close();
      throw e;
    }
  }

  private static DynamoDbClient client(ComponentContext context, DynamoDbConfig config) {
    DynamoDbClientBuilder b =
        DynamoDbClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder());
    b.region(region(context, config));
    if (config.endpoint() != null) {
      b.endpointOverride(config.endpoint());
    }
    AwsCredentialsProvider credentials;
    if (config.accessKey() != null) {
      credentials =
          StaticCredentialsProvider.create(
              config.sessionToken() != null
                  ? AwsSessionCredentials.create(
                      config.accessKey(), config.secretKey(), config.sessionToken())
                  : AwsBasicCredentials.create(config.accessKey(), config.secretKey()));
    } else {
      credentials = DefaultCredentialsProvider.builder().build();
    }
    return b.credentialsProvider(credentials).build();
  }

  private static Region region(ComponentContext context, DynamoDbConfig config) {
    if (config.region() != null) {
      return Region.of(config.region());
    }
    try {
      return new DefaultAwsRegionProviderChain().getRegion();
    } catch (SdkClientException e) {
      throw new ConfigurationException(
          "component '"
              + context.name()
              + "' ("
              + context.type()
              + "): metadata 'region' is required when the AWS SDK finds no default region",
          e);
    }
  }

  private static void ensureTable(DynamoDbClient client, DynamoDbConfig config) {
    try {
      client.describeTable(b -> b.tableName(config.table()));
      return;
    } catch (ResourceNotFoundException missing) {
      LOG.info("Creating DynamoDB table '{}' (metadata createTable is true)", config.table());
    }
    try {
      client.createTable(
          b ->
              b.tableName(config.table())
                  .billingMode(BillingMode.PAY_PER_REQUEST)
                  .keySchema(
                      KeySchemaElement.builder()
                          .attributeName(config.partitionKey())
                          .keyType(KeyType.HASH)
                          .build())
                  .attributeDefinitions(
                      AttributeDefinition.builder()
                          .attributeName(config.partitionKey())
                          .attributeType(ScalarAttributeType.S)
                          .build()));
    } catch (ResourceInUseException raced) {
      LOG.debug("DynamoDB table '{}' was created concurrently", config.table());
    }
    client.waiter().waitUntilTableExists(b -> b.tableName(config.table()));
    if (config.ttlAttributeName() != null) {
      try {
        client.updateTimeToLive(
            b ->
                b.tableName(config.table())
                    .timeToLiveSpecification(
                        t -> t.attributeName(config.ttlAttributeName()).enabled(true)));
      } catch (DynamoDbException e) {
        // Expiry is honoured on reads regardless; native TTL only purges storage.
        LOG.warn("Could not enable TTL on DynamoDB table '{}': {}", config.table(), e.getMessage());
      }
    }
  }
}
