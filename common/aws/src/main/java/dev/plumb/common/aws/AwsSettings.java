package dev.plumb.common.aws;

import dev.plumb.api.spi.ComponentMetadata;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * The AWS authentication metadata every Dapr AWS component shares, with Dapr's field names ({@code
 * common/aws/auth} and the built-in AWS authentication profiles): {@code region} (alias {@code
 * awsRegion}), {@code endpoint}, {@code accessKey}, {@code secretKey}, {@code sessionToken}, {@code
 * assumeRoleArn} and {@code sessionName} (alias {@code assumeRoleSessionName}, default {@code
 * DaprDefaultSession}). As in Dapr, static keys win over {@code assumeRoleArn}, and without either
 * the SDK's default credentials chain applies (environment, system properties, web identity,
 * profiles, container and instance roles). IAM Roles Anywhere ({@code trustAnchorArn}, {@code
 * trustProfileArn}) is reported as not supported.
 *
 * <p>Immutable and thread-safe. Keys and tokens never reach {@link #toString()} or a problem
 * message.
 */
public final class AwsSettings {
  /** Dapr's session name for an assumed role when {@code sessionName} is absent. */
  public static final String DEFAULT_SESSION_NAME = "DaprDefaultSession";

  final String region;
  final URI endpoint;
  final String accessKey;
  final String secretKey;
  final String sessionToken;
  final String assumeRoleArn;
  final String sessionName;

  private AwsSettings(ComponentMetadata md) {
    this.region = md.getString("region").or(() -> md.getString("awsRegion")).orElse(null);
    URI uri = null;
    String ep = md.getString("endpoint").orElse(null);
    if (ep != null) {
      try {
        uri = new URI(ep.contains("://") ? ep : "https://" + ep);
      } catch (URISyntaxException e) {
        String got = md.isSecret("endpoint") ? "a secret value" : "'" + ep + "'";
        md.addProblem("metadata 'endpoint' is not a URL, got " + got);
      }
    }
    this.endpoint = uri;
    this.accessKey = md.getString("accessKey").orElse(null);
    this.secretKey = md.getString("secretKey").orElse(null);
    this.sessionToken = md.getString("sessionToken").orElse(null);
    if ((accessKey == null) != (secretKey == null)) {
      md.addProblem("metadata 'accessKey' and 'secretKey' must be given together");
    }
    this.assumeRoleArn = md.getString("assumeRoleArn").orElse(null);
    this.sessionName =
        md.getString("sessionName")
            .or(() -> md.getString("assumeRoleSessionName"))
            .orElse(DEFAULT_SESSION_NAME);
    if (md.has("trustAnchorArn") || md.has("trustProfileArn")) {
      md.addProblem(
          "metadata 'trustAnchorArn'/'trustProfileArn': IAM Roles Anywhere authentication is not"
              + " supported");
    }
  }

  /**
   * Reads the shared AWS fields. Problems (a malformed endpoint, half a key pair, Roles Anywhere)
   * are recorded on {@code md}: the provider reads its own fields next and then calls {@link
   * ComponentMetadata#validate()}, which reports them all in one {@link
   * dev.plumb.api.ConfigurationException}. Neither contacts AWS nor looks for a default region;
   * {@link AwsClients#create} does.
   *
   * @param md the component's metadata; not {@code null}
   * @return the settings; only meaningful once {@code md.validate()} has passed
   */
  public static AwsSettings read(ComponentMetadata md) {
    return new AwsSettings(md);
  }

  /**
   * Returns the endpoint override ({@code endpoint}; {@code https://} is assumed without a scheme),
   * for LocalStack, DynamoDB Local, ElasticMQ or S3-compatible stores.
   *
   * @return the endpoint, or empty for AWS's own
   */
  public Optional<URI> endpoint() {
    return Optional.ofNullable(endpoint);
  }

  /**
   * Describes the settings without keys or tokens.
   *
   * @return region, endpoint and the kind of credentials
   */
  @Override
  public String toString() {
    return "AwsSettings[region="
        + (region == null ? "default chain" : region)
        + ", endpoint="
        + endpoint
        + ", credentials="
        + (accessKey != null
            ? "static"
            : assumeRoleArn != null ? "assumed role " + assumeRoleArn : "default chain")
        + "]";
  }
}
