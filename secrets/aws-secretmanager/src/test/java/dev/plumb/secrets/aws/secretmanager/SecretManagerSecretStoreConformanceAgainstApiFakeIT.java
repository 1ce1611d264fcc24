package dev.plumb.secrets.aws.secretmanager;

import dev.plumb.api.secrets.spi.SecretStoreComponent;
import dev.plumb.testkit.secrets.SecretStoreConformanceKit;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code secretstores.aws.secretmanager} passes the secrets kit against the fake of Secrets
 * Manager's JSON API, reached through {@code endpoint} with static keys (Dapr's fixture: two string
 * secrets).
 */
@ExtendWith(SecretsManagerApiFake.Resolver.class)
class SecretManagerSecretStoreConformanceAgainstApiFakeIT extends SecretStoreConformanceKit {
  private static SecretsManagerApiFake aws;

  @BeforeAll
  static void arrange(SecretsManagerApiFake fake) {
    aws = fake;
    aws.put("conftestsecret", "abcd");
    aws.put("secondsecret", "efgh");
  }

  @Override
  protected SecretStoreComponent createComponent() throws Exception {
    return createFromProvider(
        "secretstores.aws.secretmanager",
        Map.of(
            "endpoint", aws.endpoint(),
            "region", "us-east-1",
            "accessKey", "AKIAPLUMBTEST",
            "secretKey", "aws-secret-key-never-printed"));
  }
}
