package dev.plumb.pubsub.aws.snssqs;

import dev.plumb.api.pubsub.spi.PubSubComponent;
import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.ComponentMetadata;
import dev.plumb.api.spi.ComponentProvider;
import dev.plumb.common.aws.AwsClients;
import dev.plumb.common.aws.AwsSettings;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The {@code pubsub.aws.snssqs} provider (version {@code v1}): a topic is an SNS topic, each
 * consumer group ({@code consumerID}) an SQS queue subscribed to the topics it consumes, with
 * Dapr's metadata ({@code messageVisibilityTimeout}, {@code messageRetryLimit}, {@code
 * sqsDeadLettersQueueName} with {@code messageReceiveLimit}, {@code fifo}, {@code
 * fifoMessageGroupID}, {@code disableEntityManagement}, ...) and the shared AWS fields of {@code
 * plumb-common-aws}. See {@code docs/components/pubsub-aws-snssqs.md}.
 *
 * <p>Stateless and thread-safe; discovered through {@link java.util.ServiceLoader}.
 */
public final class SnsSqsPubSubProvider implements ComponentProvider<PubSubComponent> {

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public SnsSqsPubSubProvider() {}

  @Override
  public String type() {
    return "pubsub.aws.snssqs";
  }

  @Override
  public Class<PubSubComponent> componentClass() {
    return PubSubComponent.class;
  }

  /**
   * Reads the metadata and builds the SNS and SQS clients; contacts AWS only when the component is
   * first used.
   *
   * @param context the component's name, metadata and runtime services
   * @return the component
   * @throws dev.plumb.api.ConfigurationException if the metadata is invalid
   */
  @Override
  public PubSubComponent create(ComponentContext context) {
    ComponentMetadata md = context.metadata();
    AwsSettings aws = AwsSettings.read(md);
    SnsSqsSettings settings = SnsSqsSettings.read(md);
    md.validate();
    AwsClients clients = AwsClients.create(context, aws);
    SnsClient sns = clients.configure(SnsClient.builder()).build();
    SqsClient sqs = clients.configure(SqsClient.builder()).build();
    return new SnsSqsPubSubComponent(context, settings, clients, sns, sqs);
  }
}
