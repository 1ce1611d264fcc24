package dev.plumb.testkit.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.plumb.api.crypto.CryptoException;
import dev.plumb.api.crypto.EncryptResult;
import dev.plumb.api.crypto.spi.CryptoComponent;
import dev.plumb.api.crypto.spi.DecryptRequest;
import dev.plumb.api.crypto.spi.EncryptRequest;
import dev.plumb.api.crypto.spi.SignRequest;
import dev.plumb.api.crypto.spi.UnwrapKeyRequest;
import dev.plumb.api.crypto.spi.VerifyRequest;
import dev.plumb.api.crypto.spi.WrapKeyRequest;
import dev.plumb.testkit.TestComponentContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Dapr's crypto conformance suite ({@code tests/conformance/crypto/crypto.go}, SEMANTICS 13.6):
 * supported algorithms, get key, symmetric and asymmetric encryption, key wrap, sign and verify,
 * each with its failure cases, over the keys of {@link #keys()}. Extend it in a provider's test
 * sources; {@link #daprKeys(boolean)} gives Dapr's key set and {@link #copyDaprKeyFiles(Path)} /
 * {@link #daprJwks()} its key files. Each test gets a fresh component, closed after it.
 *
 * <pre>{@code
 * class LocalStorageCryptoConformanceTest extends CryptoConformanceKit {
 *   protected CryptoComponent createComponent() throws Exception {
 *     return createFromProvider("crypto.dapr.localstorage", Map.of("path", dir.toString()));
 *   }
 *   protected List<Key> keys() {
 *     return daprKeys(true);
 *   }
 * }
 * }</pre>
 */
public abstract class CryptoConformanceKit {
  /** Dapr's time limit for a component's init. */
  protected static final Duration INIT_TIMEOUT = Duration.ofSeconds(15);

  /** The message of the encryption tests. */
  protected static final byte[] MESSAGE =
      "Quel ramo del lago di Como".getBytes(StandardCharsets.UTF_8);

  /** The message of the signature tests. */
  protected static final byte[] SIGNED_MESSAGE =
      ("Qui dove il mare luccica, e tira forte il vento, su una vecchia terrazza, davanti al golfo"
              + " di Surriento")
          .getBytes(StandardCharsets.UTF_8);

  /** Symmetric encryption algorithms (Dapr's category list). */
  protected static final Set<String> SYMMETRIC_ENCRYPTION =
      Set.of(
          "A128CBC",
          "A192CBC",
          "A256CBC",
          "A128CBC-NOPAD",
          "A192CBC-NOPAD",
          "A256CBC-NOPAD",
          "A128GCM",
          "A192GCM",
          "A256GCM",
          "A128CBC-HS256",
          "A192CBC-HS384",
          "A256CBC-HS512",
          "C20P",
          "XC20P");

  /** Symmetric key-wrap algorithms. */
  protected static final Set<String> SYMMETRIC_WRAP =
      Set.of(
          "A128KW", "A192KW", "A256KW", "A128GCMKW", "A192GCMKW", "A256GCMKW", "C20PKW", "XC20PKW");

  /** Asymmetric encryption and key-wrap algorithms. */
  protected static final Set<String> ASYMMETRIC_ENCRYPTION =
      Set.of(
          "ECDH-ES",
          "ECDH-ES+A128KW",
          "ECDH-ES+A192KW",
          "ECDH-ES+A256KW",
          "RSA1_5",
          "RSA-OAEP",
          "RSA-OAEP-256",
          "RSA-OAEP-384",
          "RSA-OAEP-512");

  /** Symmetric signature algorithms. */
  protected static final Set<String> SYMMETRIC_SIGNATURE = Set.of("HS256", "HS384", "HS512");

  /** Asymmetric signature algorithms. */
  protected static final Set<String> ASYMMETRIC_SIGNATURE =
      Set.of(
          "ES256", "ES384", "ES512", "EdDSA", "PS256", "PS384", "PS512", "RS256", "RS384", "RS512");

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final List<String> FIXTURES =
      List.of(
          "ed25519-private.pem",
          "ed25519-public.pem",
          "p256-private.json",
          "p256-public.json",
          "rsa-private.pem",
          "rsa-public.json",
          "symmetric-256.b64");

  /** What a configured key is. */
  public enum KeyType {
    /** A public key: encrypt, wrap and verify only. */
    PUBLIC,
    /** A private key: everything asymmetric, and its public part from get key. */
    PRIVATE,
    /** A symmetric key. */
    SYMMETRIC
  }

  /**
   * One configured key, as in Dapr's {@code tests.yml}.
   *
   * @param name the key's name in the component
   * @param type what it is
   * @param algorithms the algorithms to test it with
   */
  public record Key(String name, KeyType type, List<String> algorithms) {
    /** Validates and copies. */
    public Key {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
      algorithms = List.copyOf(algorithms);
    }
  }

  private CryptoComponent component;

  /** For subclasses. */
  protected CryptoConformanceKit() {}

  /**
   * Creates and starts the component under test.
   *
   * @return a started component holding {@link #keys()}
   * @throws Exception if it cannot start
   */
  protected abstract CryptoComponent createComponent() throws Exception;

  /**
   * Returns the keys the component holds and the algorithms to test each with.
   *
   * @return the keys
   */
  protected abstract List<Key> keys();

  /**
   * Dapr's conformance key set ({@code tests/config/crypto/tests.yml}).
   *
   * @param withExtensions {@code true} for file names as {@code crypto.localstorage} names them
   *     ({@code rsa-private.pem}), {@code false} for the JWKS key ids ({@code rsa-private})
   * @return the keys
   */
  protected static List<Key> daprKeys(boolean withExtensions) {
    String pem = withExtensions ? ".pem" : "";
    String json = withExtensions ? ".json" : "";
    List<String> rsaPrivate =
        List.of(
            "PS256",
            "PS384",
            "PS512",
            "RS256",
            "RS384",
            "RS512",
            "RSA1_5",
            "RSA-OAEP",
            "RSA-OAEP-256",
            "RSA-OAEP-384",
            "RSA-OAEP-512");
    return List.of(
        new Key("ed25519-public" + pem, KeyType.PUBLIC, List.of("EdDSA")),
        new Key("ed25519-private" + pem, KeyType.PRIVATE, List.of("EdDSA")),
        new Key("p256-public" + json, KeyType.PUBLIC, List.of("ES256")),
        new Key("p256-private" + json, KeyType.PRIVATE, List.of("ES256")),
        withExtensions
            ? new Key("rsa-public.json", KeyType.PUBLIC, List.of("RSA-OAEP"))
            : new Key(
                "rsa-public",
                KeyType.PUBLIC,
                List.of("PS256", "RS256", "RSA1_5", "RSA-OAEP", "RSA-OAEP-256")),
        new Key("rsa-private" + pem, KeyType.PRIVATE, rsaPrivate),
        new Key(
            "symmetric-256" + (withExtensions ? ".b64" : ""),
            KeyType.SYMMETRIC,
            List.of(
                "A256CBC",
                "A256GCM",
                "A256KW",
                "C20P",
                "XC20P",
                "C20PKW",
                "XC20PKW",
                "A128CBC-HS256")));
  }

  /**
   * Writes Dapr's conformance key files ({@code contrib tests/conformance/fixtures/crypto/
   * localstorage}) into a folder.
   *
   * @param dir an existing folder
   * @throws UncheckedIOException if writing fails
   */
  public static void copyDaprKeyFiles(Path dir) {
    for (String f : FIXTURES) {
      try {
        Files.write(dir.resolve(f), resource("localstorage/" + f));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * Returns Dapr's conformance JWKS ({@code contrib tests/conformance/fixtures/crypto/jwks}).
   *
   * @return the JSON
   */
  public static String daprJwks() {
    return new String(resource("jwks.json"), StandardCharsets.UTF_8);
  }

  private static byte[] resource(String name) {
    try (InputStream in =
        CryptoConformanceKit.class.getResourceAsStream("/dev/plumb/testkit/crypto/" + name)) {
      return Objects.requireNonNull(in, name).readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Creates a component with the provider of a type found on the classpath, as Plumb would.
   *
   * @param type the component type, such as {@code crypto.dapr.localstorage}
   * @param metadata plain metadata values
   * @return the started component
   * @throws Exception if the provider fails
   */
  protected static CryptoComponent createFromProvider(String type, Map<String, String> metadata)
      throws Exception {
    return new TestComponentContext("conftest-" + type, type, metadata)
        .createComponent(CryptoComponent.class);
  }

  @BeforeEach
  final void initComponent() {
    component = assertTimeoutPreemptively(INIT_TIMEOUT, this::createComponent, "init within 15s");
  }

  @AfterEach
  final void closeComponent() {
    if (component != null) {
      component.close();
    }
  }

  /**
   * Returns the component under test.
   *
   * @return the started component of the current test
   */
  protected final CryptoComponent component() {
    return component;
  }

  @Test
  void init() {
    assertThat(component).isNotNull();
  }

  @Test
  void supportedAlgorithms() {
    Set<String> enc = component.supportedEncryptionAlgorithms();
    Set<String> sig = component.supportedSignatureAlgorithms();
    for (Key k : keys()) {
      for (String alg : k.algorithms()) {
        if (SYMMETRIC_ENCRYPTION.contains(alg)
            || SYMMETRIC_WRAP.contains(alg)
            || ASYMMETRIC_ENCRYPTION.contains(alg)) {
          assertThat(enc).as("encryption algorithms").contains(alg);
        }
        if (SYMMETRIC_SIGNATURE.contains(alg) || ASYMMETRIC_SIGNATURE.contains(alg)) {
          assertThat(sig).as("signature algorithms").contains(alg);
        }
      }
    }
  }

  @Test
  void getKey() throws Exception {
    for (Key k : keys()) {
      switch (k.type()) {
        case PUBLIC, PRIVATE -> {
          PublicKey pub = component.getKey(k.name());
          assertThat(pub).as(k.name()).isNotNull();
          assertThat(pub.getEncoded()).as(k.name()).isNotEmpty();
          if (pub instanceof RSAPublicKey rsa) {
            assertThat(rsa.getModulus().signum()).isPositive();
            assertThat(rsa.getPublicExponent().signum()).isPositive();
          }
        }
        case SYMMETRIC ->
            assertThatThrownBy(() -> component.getKey(k.name()))
                .as(k.name())
                .isInstanceOf(CryptoException.class);
      }
    }
  }

  @Test
  void symmetricEncryption() throws Exception {
    for (Key k : keysOf(KeyType.SYMMETRIC)) {
      for (String alg : k.algorithms()) {
        if (!SYMMETRIC_ENCRYPTION.contains(alg)) {
          continue;
        }
        byte[] nonce = nonceFor(alg);
        EncryptResult r =
            component.encrypt(new EncryptRequest(MESSAGE, alg, k.name(), nonce, null));
        assertThat(r.ciphertext()).as(alg).isNotEmpty();
        if (isAead(alg)) {
          assertThat(r.tag()).as(alg + " tag").isNotEmpty();
        } else {
          assertThat(r.tag()).as(alg + " tag").isNull();
        }
        assertThat(
                component.decrypt(
                    new DecryptRequest(r.ciphertext(), alg, k.name(), nonce, r.tag(), null)))
            .as(alg)
            .isEqualTo(MESSAGE);
        assertThatThrownBy(
                () ->
                    component.decrypt(
                        new DecryptRequest(r.ciphertext(), alg, "foo", nonce, r.tag(), null)))
            .as(alg + " with key foo")
            .isInstanceOf(Exception.class);
        if (isAead(alg)) {
          assertThatThrownBy(
                  () ->
                      component.decrypt(
                          new DecryptRequest(
                              r.ciphertext(), alg, k.name(), nonce, random(16), null)))
              .as(alg + " with a wrong tag")
              .isInstanceOf(CryptoException.class);
        }
      }
    }
  }

  @Test
  void asymmetricEncryption() throws Exception {
    for (Key k : keys()) {
      if (k.type() == KeyType.SYMMETRIC) {
        continue;
      }
      for (String alg : k.algorithms()) {
        if (!ASYMMETRIC_ENCRYPTION.contains(alg)) {
          continue;
        }
        EncryptResult r = component.encrypt(new EncryptRequest(MESSAGE, alg, k.name(), null, null));
        assertThat(r.ciphertext()).as(k.name() + " " + alg).isNotEmpty();
        if (k.type() == KeyType.PRIVATE) {
          assertThat(
                  component.decrypt(
                      new DecryptRequest(r.ciphertext(), alg, k.name(), null, null, null)))
              .as(k.name() + " " + alg)
              .isEqualTo(MESSAGE);
        }
      }
    }
  }

  @Test
  void keyWrap() throws Exception {
    for (Key k : keys()) {
      for (String alg : k.algorithms()) {
        boolean sym = k.type() == KeyType.SYMMETRIC && SYMMETRIC_WRAP.contains(alg);
        boolean asym = k.type() != KeyType.SYMMETRIC && ASYMMETRIC_ENCRYPTION.contains(alg);
        if (!sym && !asym) {
          continue;
        }
        byte[] fileKey = random(32);
        byte[] nonce = sym ? nonceFor(alg) : null;
        EncryptResult w =
            component.wrapKey(new WrapKeyRequest(fileKey, alg, k.name(), nonce, null));
        assertThat(w.ciphertext()).as(k.name() + " " + alg).isNotEmpty();
        if (k.type() == KeyType.PUBLIC) {
          continue;
        }
        assertThat(
                component.unwrapKey(
                    new UnwrapKeyRequest(w.ciphertext(), alg, k.name(), nonce, w.tag(), null)))
            .as(k.name() + " " + alg)
            .isEqualTo(fileKey);
        assertThatThrownBy(
                () ->
                    component.unwrapKey(
                        new UnwrapKeyRequest(w.ciphertext(), alg, "foo", nonce, w.tag(), null)))
            .as(alg + " with key foo")
            .isInstanceOf(Exception.class);
        if (sym && isAead(alg)) {
          assertThatThrownBy(
                  () ->
                      component.unwrapKey(
                          new UnwrapKeyRequest(
                              w.ciphertext(), alg, k.name(), nonce, random(16), null)))
              .as(alg + " with a wrong tag")
              .isInstanceOf(CryptoException.class);
        }
      }
    }
  }

  @Test
  void signAndVerify() throws Exception {
    for (Key k : keys()) {
      for (String alg : k.algorithms()) {
        boolean asym = ASYMMETRIC_SIGNATURE.contains(alg) && k.type() == KeyType.PRIVATE;
        boolean sym = SYMMETRIC_SIGNATURE.contains(alg) && k.type() == KeyType.SYMMETRIC;
        if (!asym && !sym) {
          continue;
        }
        byte[] digest = digestFor(alg);
        byte[] signature = component.sign(new SignRequest(digest, alg, k.name()));
        assertThat(signature).as(k.name() + " " + alg).isNotEmpty();
        assertThat(component.verify(new VerifyRequest(digest, signature, alg, k.name())))
            .as(k.name() + " " + alg)
            .isTrue();
        byte[] other = digest.clone();
        other[0]++;
        assertThat(component.verify(new VerifyRequest(other, signature, alg, k.name())))
            .as(k.name() + " " + alg + " of another digest")
            .isFalse();
      }
    }
  }

  @Test
  void unknownAlgorithmsAndKeysAreCryptoErrors() throws Exception {
    for (Key k : keys()) {
      assertThatThrownBy(
              () ->
                  component.encrypt(
                      new EncryptRequest(MESSAGE, "A999GCM", k.name(), random(12), null)))
          .as(k.name())
          .isInstanceOf(CryptoException.class);
      assertThatThrownBy(() -> component.sign(new SignRequest(random(32), "XS256", k.name())))
          .as(k.name())
          .isInstanceOf(CryptoException.class);
    }
    assertThatThrownBy(() -> component.getKey("conftest-no-such-key"))
        .isInstanceOf(CryptoException.class);
  }

  private List<Key> keysOf(KeyType type) {
    return keys().stream().filter(k -> k.type() == type).toList();
  }

  /** Nonce sizes of Dapr's suite: CBC 16, GCM and ChaCha 12, XChaCha 24, AES-KW none. */
  private static byte[] nonceFor(String alg) {
    if (alg.startsWith("XC20P")) {
      return random(24);
    }
    if (alg.contains("CBC")) {
      return random(16);
    }
    if (alg.endsWith("KW") && !alg.contains("GCM") && !alg.contains("C20P")) {
      return null;
    }
    return random(12);
  }

  private static boolean isAead(String alg) {
    return alg.contains("GCM") || alg.contains("C20P") || alg.contains("-HS");
  }

  private static byte[] digestFor(String alg) throws Exception {
    if (alg.equals("EdDSA")) {
      return SIGNED_MESSAGE.clone();
    }
    String hash =
        switch (alg.substring(2)) {
          case "384" -> "SHA-384";
          case "512" -> "SHA-512";
          default -> "SHA-256";
        };
    return MessageDigest.getInstance(hash).digest(SIGNED_MESSAGE);
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }
}
