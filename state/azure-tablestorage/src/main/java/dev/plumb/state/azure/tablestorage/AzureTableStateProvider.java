package dev.plumb.state.azure.tablestorage;

import com.azure.core.util.Context;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.data.tables.models.TableServiceException;
import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.ComponentProvider;
import dev.plumb.api.state.spi.StateComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates {@code state.azure.tablestorage} components: Dapr's Azure Table Storage (and Cosmos DB
 * Table API) state store on the Azure SDK for Java ({@code azure-data-tables}) with the OkHttp
 * transport (the JDK HttpClient transport logs a warning on every request with a body). Reads
 * Dapr's metadata ({@code accountName}, {@code accountKey}, {@code azureEnvironment}, {@code
 * tableName}, {@code cosmosDbMode}, {@code serviceURL}, {@code skipCreateTable}, with Dapr's
 * aliases); Azure AD authentication is not supported. Feature: ETAG, as Dapr. Found through {@link
 * java.util.ServiceLoader}; thread-safe.
 */
public final class AzureTableStateProvider implements ComponentProvider<StateComponent> {
  private static final Logger LOG = LoggerFactory.getLogger(AzureTableStateProvider.class);

  /** The Dapr component type. */
  public static final String TYPE = "state.azure.tablestorage";

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public AzureTableStateProvider() {}

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Class<StateComponent> componentClass() {
    return StateComponent.class;
  }

  /**
   * Validates the metadata, creates the table unless {@code skipCreateTable} is true (an existing
   * table is kept) and checks that the table can be read.
   *
   * @param context the component's identity and metadata
   * @return the started store
   * @throws dev.plumb.api.ConfigurationException if the metadata is invalid
   * @throws TableServiceException if the service refuses the credentials or the table is missing
   * @throws Exception if the service cannot be reached
   */
  @Override
  public StateComponent create(ComponentContext context) throws Exception {
    AzureTableConfig config = AzureTableConfig.from(context.metadata());
    TableServiceClient service =
        config
            .account()
            .configure(new TableServiceClientBuilder(), config.serviceUrl())
            .buildClient();
    if (!config.skipCreateTable()) {
      createTable(service, config.tableName());
    }
    TableClient table = service.getTableClient(config.tableName());
    AzureTableStateComponent store =
        new AzureTableStateComponent(context.name(), context.type(), config, table);
    store.ping();
    return store;
  }

  private static void createTable(TableServiceClient service, String tableName) {
    try {
      service.createTableWithResponse(tableName, AzureTableStateComponent.TIMEOUT, Context.NONE);
      LOG.info("Created Azure table '{}'", tableName);
    } catch (TableServiceException e) {
      if (e.getResponse().getStatusCode() != 409) {
        throw e;
      }
      LOG.debug("Azure table '{}' already exists", tableName);
    }
  }
}
