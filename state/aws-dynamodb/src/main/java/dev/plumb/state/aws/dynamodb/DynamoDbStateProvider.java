package dev.plumb.state.aws.dynamodb;

import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.ComponentProvider;
import dev.plumb.api.state.spi.StateComponent;
import dev.plumb.common.aws.AwsClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
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
 * Java v2 (URL-connection HTTP client). Reads Dapr's metadata ({@code table}, {@code
 * ttlAttributeName}, {@code partitionKey}, and the shared AWS fields {@code region}, {@code
 * endpoint}, {@code accessKey}, {@code secretKey}, {@code sessionToken}, {@code assumeRoleArn},
 * {@code sessionName}) plus {@code createTable}, which creates a missing table for local use.
 * Features: ETAG, TRANSACTIONAL (at most 100 operations), and TTL when {@code ttlAttributeName} is
 * set. Found through {@link java.util.ServiceLoader}; thread-safe.
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
   * @throws dev.plumb.api.ConfigurationException if the metadata is invalid or no region can be
   *     found
   * @throws software.amazon.awssdk.core.exception.SdkException if DynamoDB cannot be reached or the
   *     table is missing
   */
  @Override
  public StateComponent create(ComponentContext context) throws Exception {
    DynamoDbConfig config = DynamoDbConfig.from(context.metadata());
    AwsClients aws = AwsClients.create(context, config.aws());
    DynamoDbClient client;
    try {
      client = aws.configure(DynamoDbClient.builder()).build();
    } catch (RuntimeException e) {
      aws.close();
      throw e;
    }
    try {
      if (config.createTable()) {
        ensureTable(client, config);
      }
      DynamoDbStateComponent store =
          new DynamoDbStateComponent(
              context.name(), context.type(), config, aws, client, context.clock());
      store.ping();
      return store;
    } catch (Exception e) {
      client.close();
      aws.close();
      throw e;
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
