package dev.plumb.secrets.aws.parameterstore;

import dev.plumb.api.secrets.spi.SecretStoreComponent;
import dev.plumb.testkit.secrets.SecretStoreConformanceKit;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code secretstores.aws.parameterstore} passes the secrets kit against the fake of Parameter
 * Store's JSON API, reached through {@code endpoint} with static keys (Dapr's fixture as two
 * parameters; one a {@code SecureString}).
 */
@ExtendWith(ParameterStoreApiFake.Resolver.class)
class ParameterStoreSecretStoreConformanceAgainstApiFakeIT extends SecretStoreConformanceKit {
  private static ParameterStoreApiFake aws;

  @BeforeAll
  static void arrange(ParameterStoreApiFake fake) {
    aws = fake;
    aws.put("conftestsecret", "abcd", "SecureString");
    aws.put("secondsecret", "efgh", "String");
  }

  @Override
  protected SecretStoreComponent createComponent() throws Exception {
    return createFromProvider(
        "secretstores.aws.parameterstore",
        Map.of(
            "endpoint", aws.endpoint(),
            "region", "us-east-1",
            "accessKey", "AKIAPLUMBTEST",
            "secretKey", "aws-secret-key-never-printed"));
  }
}
