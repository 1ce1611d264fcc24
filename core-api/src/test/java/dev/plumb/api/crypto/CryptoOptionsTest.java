package dev.plumb.api.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CryptoOptionsTest {

  @ParameterizedTest
  @CsvSource({
    "A256KW, A256KW",
    "a256kw, A256KW",
    "AES, A256KW",
    "aes, A256KW",
    "A128CBC-NOPAD, A128CBC_NOPAD",
    "A192CBC-NOPAD, A192CBC_NOPAD",
    "a256cbc-nopad, A256CBC_NOPAD",
    "RSA-OAEP-256, RSA_OAEP_256",
    "RSA, RSA_OAEP_256",
    "rsa, RSA_OAEP_256"
  })
  void parsesKeyWrapAlgorithmsWithAliases(String name, KeyWrapAlgorithm expected) {
    assertThat(KeyWrapAlgorithm.fromDapr(name)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"A128KW", "RSA-OAEP", "A256GCM", "A128CBC"})
  void rejectsKeyWrapAlgorithmsTheSchemeDoesNotSupport(String name) {
    assertThatThrownBy(() -> KeyWrapAlgorithm.fromDapr(name))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("algorithm " + name + " is not supported");
  }

  @Test
  void keyWrapAlgorithmIsRequired() {
    assertThatThrownBy(() -> KeyWrapAlgorithm.fromDapr(""))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("keyWrapAlgorithm");
    assertThatThrownBy(() -> KeyWrapAlgorithm.fromDapr(null))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void keyWrapAlgorithmIdsMatchTheManifest() {
    assertThat(KeyWrapAlgorithm.A256KW.id()).isEqualTo(1);
    assertThat(KeyWrapAlgorithm.A128CBC_NOPAD.id()).isEqualTo(2);
    assertThat(KeyWrapAlgorithm.A192CBC_NOPAD.id()).isEqualTo(3);
    assertThat(KeyWrapAlgorithm.A256CBC_NOPAD.id()).isEqualTo(4);
    assertThat(KeyWrapAlgorithm.RSA_OAEP_256.id()).isEqualTo(5);
    for (KeyWrapAlgorithm a : KeyWrapAlgorithm.values()) {
      assertThat(KeyWrapAlgorithm.fromId(a.id())).isEqualTo(a);
      assertThat(KeyWrapAlgorithm.fromDapr(a.daprName())).isEqualTo(a);
    }
    assertThatThrownBy(() -> KeyWrapAlgorithm.fromId(0)).isInstanceOf(CryptoException.class);
    assertThatThrownBy(() -> KeyWrapAlgorithm.fromId(6)).isInstanceOf(CryptoException.class);
  }

  @ParameterizedTest
  @CsvSource({
    "aes-gcm, AES_GCM",
    "AES-GCM, AES_GCM",
    "'', AES_GCM",
    "chacha20-poly1305, CHACHA20_POLY1305",
    "CHACHA20-POLY1305, CHACHA20_POLY1305"
  })
  void parsesCiphers(String name, DataEncryptionCipher expected) {
    assertThat(DataEncryptionCipher.fromDapr(name)).isEqualTo(expected);
  }

  @Test
  void cipherDefaultsIdsAndRejections() {
    assertThat(DataEncryptionCipher.fromDapr(null)).isEqualTo(DataEncryptionCipher.AES_GCM);
    assertThatThrownBy(() -> DataEncryptionCipher.fromDapr("aes-cbc"))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(DataEncryptionCipher.fromId(1)).isEqualTo(DataEncryptionCipher.AES_GCM);
    assertThat(DataEncryptionCipher.fromId(2)).isEqualTo(DataEncryptionCipher.CHACHA20_POLY1305);
    assertThatThrownBy(() -> DataEncryptionCipher.fromId(3)).isInstanceOf(CryptoException.class);
  }

  @Test
  void encryptOptionsDefaults() {
    EncryptOptions o = EncryptOptions.of("mykey", KeyWrapAlgorithm.RSA_OAEP_256);
    assertThat(o.keyName()).isEqualTo("mykey");
    assertThat(o.keyWrapAlgorithm()).isEqualTo(KeyWrapAlgorithm.RSA_OAEP_256);
    assertThat(o.dataEncryptionCipher()).isEqualTo(DataEncryptionCipher.AES_GCM);
    assertThat(o.omitDecryptionKeyName()).isFalse();
    assertThat(o.decryptionKeyName()).isNull();
  }

  @Test
  void encryptOptionsRoundTripThroughToBuilder() {
    EncryptOptions o =
        EncryptOptions.builder("k/1", KeyWrapAlgorithm.A256KW)
            .dataEncryptionCipher(DataEncryptionCipher.CHACHA20_POLY1305)
            .omitDecryptionKeyName(true)
            .decryptionKeyName("k/2")
            .build();
    EncryptOptions copy = o.toBuilder().build();
    assertThat(copy.keyName()).isEqualTo("k/1");
    assertThat(copy.keyWrapAlgorithm()).isEqualTo(KeyWrapAlgorithm.A256KW);
    assertThat(copy.dataEncryptionCipher()).isEqualTo(DataEncryptionCipher.CHACHA20_POLY1305);
    assertThat(copy.omitDecryptionKeyName()).isTrue();
    assertThat(copy.decryptionKeyName()).isEqualTo("k/2");
    assertThat(o.toBuilder().decryptionKeyName("").build().decryptionKeyName()).isNull();
    assertThat(o.toString()).contains("A256KW", "chacha20-poly1305");
  }

  @Test
  void encryptOptionsRequireKeyNameAndAlgorithm() {
    assertThatThrownBy(() -> EncryptOptions.of("", KeyWrapAlgorithm.A256KW))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("keyName");
    assertThatThrownBy(() -> EncryptOptions.of("k", null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void decryptOptions() {
    assertThat(DecryptOptions.DEFAULT.keyName()).isNull();
    assertThat(DecryptOptions.withKeyName("k").keyName()).isEqualTo("k");
    assertThat(DecryptOptions.withKeyName("").keyName()).isNull();
    assertThat(DecryptOptions.withKeyName("k").toBuilder().build().keyName()).isEqualTo("k");
  }

  @Test
  void encryptResultComparesByContentAndPrintsSizesOnly() {
    EncryptResult a = new EncryptResult(new byte[] {1, 2, 3}, new byte[] {9});
    EncryptResult b = new EncryptResult(new byte[] {1, 2, 3}, new byte[] {9});
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(new EncryptResult(new byte[] {1, 2, 3}, null));
    assertThat(a).hasToString("EncryptResult[ciphertext=3 bytes, tag=1 bytes]");
    assertThat(new EncryptResult(new byte[0], null).toString()).contains("tag=none");
    assertThatThrownBy(() -> new EncryptResult(null, null))
        .isInstanceOf(NullPointerException.class);
  }
}
