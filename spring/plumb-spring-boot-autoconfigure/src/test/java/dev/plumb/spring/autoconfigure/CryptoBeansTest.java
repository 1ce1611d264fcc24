package dev.plumb.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.api.crypto.Cryptography;
import dev.plumb.api.crypto.DecryptOptions;
import dev.plumb.api.crypto.EncryptOptions;
import dev.plumb.api.crypto.KeyWrapAlgorithm;
import dev.plumb.testkit.crypto.CryptoConformanceKit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code crypto.dapr.localstorage} and {@code crypto.dapr.jwks} components become beans. */
class CryptoBeansTest {
  @TempDir Path keys;

  record Both(Cryptography files, Cryptography jwks) {}

  @Configuration(proxyBeanMethods = false)
  static class BothConfig {
    @Bean
    Both both(@Qualifier("files") Cryptography files, @Qualifier("jwks") Cryptography jwks) {
      return new Both(files, jwks);
    }
  }

  @Test
  void cryptoComponentsAreInjectedByNameAndEncrypt() {
    CryptoConformanceKit.copyDaprKeyFiles(keys);
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(PlumbAutoConfiguration.class))
        .withPropertyValues(
            "plumb.resources.paths=classpath:crypto/",
            "plumb.components.files.metadata.path=" + keys,
            "plumb.components.jwks.metadata.jwks=" + CryptoConformanceKit.daprJwks())
        .withUserConfiguration(BothConfig.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              Both both = context.getBean(Both.class);
              assertThat(both.files().name()).isEqualTo("files");
              assertThat(both.jwks().name()).isEqualTo("jwks");
              assertThat(context.getBeansOfType(Cryptography.class)).hasSize(2);
              byte[] data = "a secret order".getBytes(StandardCharsets.UTF_8);
              byte[] byFile =
                  both.files()
                      .encrypt(
                          data,
                          EncryptOptions.builder(
                                  "symmetric-256.b64", KeyWrapAlgorithm.fromDapr("AES"))
                              .build());
              assertThat(byFile).isNotEqualTo(data);
              assertThat(both.files().decrypt(byFile, DecryptOptions.DEFAULT)).isEqualTo(data);
              byte[] byJwks =
                  both.jwks()
                      .encrypt(
                          data,
                          EncryptOptions.builder("rsa-private", KeyWrapAlgorithm.RSA_OAEP_256)
                              .build());
              assertThat(both.jwks().decrypt(byJwks, DecryptOptions.DEFAULT)).isEqualTo(data);
            });
  }
}
