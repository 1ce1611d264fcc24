package dev.plumb.secrets.aws.parameterstore;

import dev.plumb.api.secrets.spi.SecretStoreComponent;
import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.ComponentMetadata;
import dev.plumb.api.spi.ComponentProvider;
import dev.plumb.common.aws.AwsClients;
import dev.plumb.common.aws.AwsSettings;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Creates {@code secretstores.aws.parameterstore} components: Dapr's AWS Systems Manager Parameter
 * Store secret store on the AWS SDK for Java v2. Metadata, with Dapr's names: the shared AWS fields
 * of {@link AwsSettings} ({@code region}, {@code endpoint}, {@code accessKey}, {@code secretKey},
 * {@code sessionToken}, {@code assumeRoleArn}, {@code sessionName}) and {@code prefix}, put before
 * every secret name. Behaviour and differences from Dapr: {@code
 * docs/components/secretstores-aws-parameterstore.md}. Found through {@link
 * java.util.ServiceLoader}; thread-safe.
 */
public final class ParameterStoreSecretStoreProvider
    implements ComponentProvider<SecretStoreComponent> {

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public ParameterStoreSecretStoreProvider() {}

  @Override
  public String type() {
    return "secretstores.aws.parameterstore";
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
    String prefix = md.getString("prefix", "");
    md.validate();
    AwsClients aws = AwsClients.create(context, settings);
    try {
      SsmClient client = aws.configure(SsmClient.builder()).build();
      return new ParameterStoreSecretStoreComponent(
          "component '" + context.name() + "' (" + context.type() + ")", aws, client, prefix);
    } catch (RuntimeException e) {
      aws.close();
      throw e;
    }
  }
}
