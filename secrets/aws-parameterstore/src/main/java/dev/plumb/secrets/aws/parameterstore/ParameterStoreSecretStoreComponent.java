package dev.plumb.secrets.aws.parameterstore;

import dev.plumb.api.secrets.spi.BulkGetSecretRequest;
import dev.plumb.api.secrets.spi.GetSecretRequest;
import dev.plumb.api.secrets.spi.SecretStoreComponent;
import dev.plumb.common.aws.AwsClients;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.DescribeParametersRequest;
import software.amazon.awssdk.services.ssm.model.DescribeParametersResponse;
import software.amazon.awssdk.services.ssm.model.GetParameterResponse;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterMetadata;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterStringFilter;
import software.amazon.awssdk.services.ssm.model.ParameterVersionNotFoundException;

/**
 * Dapr's {@code secretstores.aws.parameterstore}: a secret is the parameter {@code <prefix><name>},
 * read with decryption ({@code SecureString} values come back in clear), answered as {@code {name:
 * value}}. Request metadata {@code version_id} selects a version or label ({@code
 * <prefix><name>:<version_id>}). Bulk get pages through {@code DescribeParameters} (names beginning
 * with {@code prefix} when there is one) and reads them ten at a time with {@code GetParameters};
 * names are answered without the prefix. A missing parameter or version is {@code null}.
 *
 * <p>Thread-safe (the SDK client is); never logs or prints values.
 */
final class ParameterStoreSecretStoreComponent implements SecretStoreComponent {
  /** {@code GetParameters} takes at most ten names. */
  private static final int BATCH = 10;

  private final String owner;
  private final AwsClients aws;
  private final SsmClient client;
  private final String prefix;

  ParameterStoreSecretStoreComponent(
      String owner, AwsClients aws, SsmClient client, String prefix) {
    this.owner = owner;
    this.aws = aws;
    this.client = client;
    this.prefix = prefix;
  }

  /** Describes one parameter: needs {@code ssm:DescribeParameters} only. */
  @Override
  public void ping() {
    client.describeParameters(b -> b.maxResults(1));
  }

  @Override
  public Map<String, String> getSecret(GetSecretRequest request) {
    String name = prefix + request.name();
    String version = request.metadata().get("version_id");
    if (version != null && !version.isEmpty()) {
      name = name + ":" + version;
    }
    String selected = name;
    GetParameterResponse r;
    try {
      r = client.getParameter(b -> b.name(selected).withDecryption(true));
    } catch (ParameterNotFoundException | ParameterVersionNotFoundException e) {
      return null;
    }
    Parameter p = r.parameter();
    if (p == null || p.name() == null || p.value() == null) {
      return Map.of();
    }
    return Map.of(strip(p.name()), p.value());
  }

  @Override
  public Map<String, Map<String, String>> bulkGetSecret(BulkGetSecretRequest request) {
    List<String> names = new ArrayList<>();
    String token = null;
    do {
      DescribeParametersRequest.Builder b = DescribeParametersRequest.builder().nextToken(token);
      if (!prefix.isEmpty()) {
        b.parameterFilters(
            ParameterStringFilter.builder()
                .key("Name")
                .option("BeginsWith")
                .values(prefix)
                .build());
      }
      DescribeParametersResponse page = client.describeParameters(b.build());
      for (ParameterMetadata m : page.parameters()) {
        names.add(m.name());
      }
      token = page.nextToken();
    } while (token != null && !token.isEmpty());
    Map<String, Map<String, String>> all = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i += BATCH) {
      List<String> batch = names.subList(i, Math.min(names.size(), i + BATCH));
      // Parameters deleted since the listing come back as InvalidParameters: left out.
      for (Parameter p :
          client.getParameters(b -> b.names(batch).withDecryption(true)).parameters()) {
        if (p.value() != null) {
          String name = strip(p.name());
          all.put(name, Map.of(name, p.value()));
        }
      }
    }
    return all;
  }

  private String strip(String name) {
    return name.startsWith(prefix) ? name.substring(prefix.length()) : name;
  }

  @Override
  public void close() {
    client.close();
    aws.close();
  }

  @Override
  public String toString() {
    return "ParameterStoreSecretStoreComponent[" + owner + ", " + aws + ", prefix=" + prefix + "]";
  }
}
