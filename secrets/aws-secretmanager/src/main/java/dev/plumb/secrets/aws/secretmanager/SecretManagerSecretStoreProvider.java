package dev.plumb.secrets.aws.secretmanager;

import dev.plumb.api.secrets.spi.SecretStoreComponent;
import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.ComponentMetadata;
import dev.plumb.api.spi.ComponentProvider;
import dev.plumb.common.aws.AwsClients;
import dev.plumb.common.aws.AwsSettings;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Creates {@code secretstores.aws.secretmanager} components: Dapr's AWS Secrets Manager secret
 * store on the AWS SDK for Java v2. Metadata, with Dapr's names: the shared AWS fields of {@link
 * AwsSettings} ({@code region}, {@code endpoint}, {@code accessKey}, {@code secretKey}, {@code
 * sessionToken}, {@code assumeRoleArn}, {@code sessionName}) and {@code multipleKeyValuesPerSecret}
 * ({@code false}: a secret is {@code {name: SecretString}}; {@code true}: a JSON object's fields).
 * Behaviour and differences from Dapr: {@code docs/components/secretstores-aws-secretmanager.md}.
 * Found through {@link java.util.ServiceLoader}; thread-safe.
 */
public final class SecretManagerSecretStoreProvider
    implements ComponentProvider<SecretStoreComponent> {

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public SecretManagerSecretStoreProvider() {}

  @Override
  public String type() {
    return "secretstores.aws.secretmanager";
  }

  @Override
  public Class<SecretStoreComponent> componentClass() {
    return SecretStoreComponent.class;
  }

  /**
   * Reads the metadata and builds the client. Contacts nothing: credentials are resolved and AWS
   * asked on the first read.
   *
   * @param context the component's identity and metadata
   * @return the store
   * @throws dev.plumb.api.ConfigurationException if the metadata is invalid or no region is found
   */
  @Override
  public SecretStoreComponent create(ComponentContext context) {
    ComponentMetadata md = context.metadata();
    AwsSettings settings = AwsSettings.read(md);
    boolean multiple = md.getBoolean("multipleKeyValuesPerSecret", false);
    md.validate();
    AwsClients aws = AwsClients.create(context, settings);
    try {
      SecretsManagerClient client = aws.configure(SecretsManagerClient.builder()).build();
      return new SecretManagerSecretStoreComponent(
          "component '" + context.name() + "' (" + context.type() + ")", aws, client, multiple);
    } catch (RuntimeException e) {
      aws.close();
      throw e;
    }
  }
}
