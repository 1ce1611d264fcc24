package dev.plumb.samples.crypto;

import dev.plumb.api.crypto.Cryptography;
import dev.plumb.api.crypto.DataEncryptionCipher;
import dev.plumb.api.crypto.DecryptOptions;
import dev.plumb.api.crypto.EncryptOptions;
import dev.plumb.api.crypto.KeyWrapAlgorithm;
import dev.plumb.runtime.Plumb;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/**
 * Encrypts a file with a key of a {@code crypto.dapr.localstorage} component, decrypts it again,
 * and decrypts a document that Dapr's own code wrote. Files stream through fixed-size buffers, so
 * the file may be of any size. Run it from this folder (the README gives the command); it writes
 * {@code keys/} and {@code out/} here.
 */
public final class FileEncryption {
  private FileEncryption() {}

  /**
   * Runs the sample.
   *
   * @param args optional: the resources folder (default {@code components})
   * @throws Exception if a step fails
   */
  public static void main(String[] args) throws Exception {
    Path resources = Path.of(args.length > 0 ? args[0] : "components");
    createKeysIfMissing(Path.of("keys"));
    Path out = Files.createDirectories(Path.of("out"));
    Path plain = out.resolve("report.txt");
    Files.writeString(plain, "Quarterly numbers\n".repeat(20_000)); // ~360 KB: six segments

    try (Plumb plumb =
        Plumb.builder()
            .appId("crypto-sample")
            .resources(resources)
            // Decrypts dapr/kit's test documents: see DaprTestVectorKeys.
            .provider(new DaprTestVectorKeys())
            .component("daprkit", DaprTestVectorKeys.TYPE, Map.of())
            .build()) {
      Cryptography crypto = plumb.crypto("localcrypto");

      // 1. Encrypt with the AES key (A256KW wraps the file key), as a stream.
      Path encrypted = out.resolve("report.txt.enc");
      EncryptOptions aes = EncryptOptions.of("symmetric-256.b64", KeyWrapAlgorithm.A256KW);
      copy(crypto.encrypt(Files.newInputStream(plain), aes), encrypted);
      print("encrypted " + Files.size(plain) + " bytes into " + Files.size(encrypted) + " bytes");
      print("header:   " + firstLines(encrypted));

      // 2. Decrypt it: the document names its key, so no option is needed.
      Path decrypted = out.resolve("report.decrypted.txt");
      copy(crypto.decrypt(Files.newInputStream(encrypted), DecryptOptions.DEFAULT), decrypted);
      print("decrypted, same content: " + sameContent(plain, decrypted));

      // 3. RSA: anyone with the public key can encrypt; only the private key decrypts. The
      // document names the private key for decryption and uses ChaCha20-Poly1305.
      byte[] doc =
          crypto.encrypt(
              "a note for the key holder".getBytes(StandardCharsets.UTF_8),
              EncryptOptions.builder("rsa-public.pem", KeyWrapAlgorithm.RSA_OAEP_256)
                  .decryptionKeyName("rsa-private.pem")
                  .dataEncryptionCipher(DataEncryptionCipher.CHACHA20_POLY1305)
                  .build());
      print("RSA note:  " + new String(crypto.decrypt(doc, null), StandardCharsets.UTF_8));

      // 4. A document that Dapr wrote (dapr/kit's test vector) decrypts in Plumb.
      byte[] fromDapr = Files.readAllBytes(Path.of("dapr-encrypted", "hello-from-dapr.enc"));
      byte[] hello = plumb.crypto("daprkit").decrypt(fromDapr, DecryptOptions.DEFAULT);
      print("from Dapr: " + new String(hello, StandardCharsets.UTF_8));
    }
  }

  private static void createKeysIfMissing(Path keys) throws IOException, GeneralSecurityException {
    Files.createDirectories(keys);
    Path aes = keys.resolve("symmetric-256.b64");
    if (!Files.exists(aes)) {
      byte[] k = new byte[32];
      new SecureRandom().nextBytes(k);
      Files.writeString(aes, Base64.getEncoder().encodeToString(k) + "\n");
    }
    Path priv = keys.resolve("rsa-private.pem");
    if (!Files.exists(priv)) {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(3072);
      var pair = g.generateKeyPair();
      Files.writeString(priv, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
      Files.writeString(
          keys.resolve("rsa-public.pem"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static void copy(InputStream in, Path to) throws IOException {
    try (in;
        OutputStream out = Files.newOutputStream(to)) {
      in.transferTo(out);
    }
  }

  private static String firstLines(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      String head = new String(in.readNBytes(512), StandardCharsets.ISO_8859_1);
      return head.substring(0, head.indexOf('\n', head.indexOf('\n') + 1)).replace("\n", " | ");
    }
  }

  private static boolean sameContent(Path a, Path b) {
    return HexFormat.of().formatHex(sha256(a)).equals(HexFormat.of().formatHex(sha256(b)));
  }

  private static byte[] sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[8192];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
      return md.digest();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  // The sample's output is its result: it goes to standard output, not to a log.
  private static void print(String line) {
    System.out.println(line);
  }
}
