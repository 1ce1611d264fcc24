package dev.plumb.bindings.aws.s3;

import dev.plumb.api.bindings.spi.OutputBindingComponent;
import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.ComponentMetadata;
import dev.plumb.api.spi.ComponentProvider;
import dev.plumb.common.aws.AwsClients;
import dev.plumb.common.aws.AwsSettings;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The {@code bindings.aws.s3} provider (version {@code v1}): Dapr's AWS metadata ({@code region},
 * {@code endpoint}, {@code accessKey}, {@code secretKey}, {@code sessionToken}, {@code
 * assumeRoleArn}) read by {@code plumb-common-aws}, and the binding's own: {@code bucket}
 * (required), {@code forcePathStyle}, {@code decodeBase64}, {@code encodeBase64}, {@code
 * storageClass}, {@code presignTTL}. Nothing is sent at build. See {@code
 * docs/components/bindings-aws-s3.md}.
 *
 * <p>Stateless and thread-safe; discovered through {@link java.util.ServiceLoader}.
 */
public final class S3BindingProvider implements ComponentProvider<OutputBindingComponent> {

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public S3BindingProvider() {}

  @Override
  public String type() {
    return "bindings.aws.s3";
  }

  @Override
  public Class<OutputBindingComponent> componentClass() {
    return OutputBindingComponent.class;
  }

  /**
   * Reads the metadata and builds the clients.
   *
   * @param context the component's name, metadata and runtime services
   * @return the binding
   * @throws dev.plumb.api.ConfigurationException if the metadata is invalid
   */
  @Override
  public OutputBindingComponent create(ComponentContext context) {
    ComponentMetadata md = context.metadata();
    AwsSettings aws = AwsSettings.read(md);
    S3Settings s3 = S3Settings.read(md);
    md.validate();
    AwsClients clients = AwsClients.create(context, aws);
    try {
      S3Configuration config =
          S3Configuration.builder().pathStyleAccessEnabled(s3.forcePathStyle).build();
      S3Client client = clients.configure(S3Client.builder()).serviceConfiguration(config).build();
      S3Presigner.Builder presigner =
          S3Presigner.builder()
              .region(clients.region())
              .credentialsProvider(clients.credentials())
              .serviceConfiguration(config);
      aws.endpoint().ifPresent(presigner::endpointOverride);
      return new S3BindingComponent(
          s3,
          client,
          presigner.build(),
          clients,
          aws.endpoint().orElse(null),
          context.blockingExecutor());
    } catch (RuntimeException e) {
      clients.close();
      throw e;
    }
  }
}
