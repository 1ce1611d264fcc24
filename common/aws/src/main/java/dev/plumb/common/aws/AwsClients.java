package dev.plumb.common.aws;

import dev.plumb.api.ConfigurationException;
import dev.plumb.api.spi.ComponentContext;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The region, endpoint and credentials of one AWS component, applied to every AWS SDK for Java v2
 * client the component builds. Static keys become a static provider; {@code assumeRoleArn} an STS
 * {@code AssumeRole} provider that refreshes its session before it expires (its STS client uses the
 * component's region and endpoint, as Dapr's does, and the default credentials chain); otherwise
 * the SDK's default chain. Clients run on the lightweight {@code url-connection-client}.
 *
 * <p>Thread-safe. Close it after the clients built with it: it owns the credentials provider.
 */
public final class AwsClients implements AutoCloseable {
  private final AwsSettings settings;
  private final Region region;
  private final AwsCredentialsProvider credentials;

  /** What this object opened, closed in reverse order. */
  private final List<SdkAutoCloseable> owned;

  private AwsClients(
      AwsSettings settings,
      Region region,
      AwsCredentialsProvider credentials,
      List<SdkAutoCloseable> owned) {
    this.settings = settings;
    this.region = region;
    this.credentials = credentials;
    this.owned = owned;
  }

  /**
   * Resolves the region and builds the credentials provider. Contacts nothing: credentials are
   * fetched (and a role assumed) on a client's first call.
   *
   * @param context the component, named in errors
   * @param settings settings read from metadata that passed {@code validate()}
   * @return the configuration, to apply to client builders and close afterwards
   * @throws ConfigurationException if {@code region} is absent and the SDK finds no default region
   */
  public static AwsClients create(ComponentContext context, AwsSettings settings) {
    Region region = region(context, settings);
    if (settings.accessKey != null) {
      return new AwsClients(
          settings,
          region,
          StaticCredentialsProvider.create(
              settings.sessionToken != null
                  ? AwsSessionCredentials.create(
                      settings.accessKey, settings.secretKey, settings.sessionToken)
                  : AwsBasicCredentials.create(settings.accessKey, settings.secretKey)),
          List.of());
    }
    DefaultCredentialsProvider defaultChain = DefaultCredentialsProvider.builder().build();
    if (settings.assumeRoleArn != null) {
      StsClientBuilder b =
          StsClient.builder()
              .region(region)
              .credentialsProvider(defaultChain)
              .httpClientBuilder(UrlConnectionHttpClient.builder());
      settings.endpoint().ifPresent(b::endpointOverride);
      StsClient sts = b.build();
      StsAssumeRoleCredentialsProvider role =
          StsAssumeRoleCredentialsProvider.builder()
              .stsClient(sts)
              .refreshRequest(
                  r -> r.roleArn(settings.assumeRoleArn).roleSessionName(settings.sessionName))
              .build();
      return new AwsClients(settings, region, role, List.of(defaultChain, sts, role));
    }
    return new AwsClients(settings, region, defaultChain, List.of(defaultChain));
  }

  private static Region region(ComponentContext context, AwsSettings settings) {
    if (settings.region != null) {
      return Region.of(settings.region);
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

  /**
   * Sets the region, the endpoint override (if any), the credentials and the HTTP client on a
   * synchronous client builder, for example {@code DynamoDbClient.builder()}.
   *
   * @param <B> the builder type
   * @param builder the builder; other settings are left alone
   * @return {@code builder}
   */
  public <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder) {
    builder.region(region).credentialsProvider(credentials);
    settings.endpoint().ifPresent(builder::endpointOverride);
    builder.httpClientBuilder(UrlConnectionHttpClient.builder());
    return builder;
  }

  /**
   * Returns the region: {@code region} from the metadata, else the SDK's default.
   *
   * @return the region
   */
  public Region region() {
    return region;
  }

  /**
   * Returns the credentials provider clients are configured with.
   *
   * @return the provider, owned by this object
   */
  public AwsCredentialsProvider credentials() {
    return credentials;
  }

  /** Closes the credentials providers and the STS client of an assumed role. Idempotent. */
  @Override
  public void close() {
    for (int i = owned.size() - 1; i >= 0; i--) {
      owned.get(i).close();
    }
  }

  /**
   * Describes the configuration without keys or tokens.
   *
   * @return the region, endpoint and kind of credentials
   */
  @Override
  public String toString() {
    return "AwsClients[region=" + region + ", " + settings + "]";
  }
}
