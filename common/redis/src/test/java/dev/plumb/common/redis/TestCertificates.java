package dev.plumb.common.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;

/**
 * A throw-away CA with a server certificate for {@code 127.0.0.1}/{@code localhost} (RSA) and two
 * client certificates (EC and RSA), made with the {@code openssl} command; keys are unencrypted
 * PKCS#8 PEM, as Dapr's {@code clientKey} takes them.
 */
final class TestCertificates {
  final Path dir;

  private TestCertificates(Path dir) {
    this.dir = dir;
  }

  static TestCertificates create() throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("plumb-redis-tls-");
    Files.writeString(dir.resolve("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
    exec(
        dir,
        "openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 2"
            + " -subj /CN=plumb-test-ca");
    exec(
        dir,
        "openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr"
            + " -subj /CN=localhost");
    exec(
        dir,
        "openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial"
            + " -out server.crt -days 2 -extfile server.ext");
    exec(
        dir,
        "openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout client.key"
            + " -out client.csr -subj /CN=plumb-client");
    exec(
        dir,
        "openssl x509 -req -in client.csr -CA ca.crt -CAkey ca.key -CAcreateserial"
            + " -out client.crt -days 2");
    exec(
        dir,
        "openssl req -newkey rsa:2048 -nodes -keyout other.key -out other.csr"
            + " -subj /CN=plumb-other");
    exec(
        dir,
        "openssl x509 -req -in other.csr -CA ca.crt -CAkey ca.key -CAcreateserial"
            + " -out other.crt -days 2");
    return new TestCertificates(dir);
  }

  private static void exec(Path dir, String command) throws IOException, InterruptedException {
    PrivateRedis.exec(dir, command.split(" "));
  }

  String pem(String file) throws IOException {
    return Files.readString(dir.resolve(file));
  }

  /** The {@code redis-server} arguments serving TLS with this CA, requiring client certificates. */
  String[] serverArgs() {
    return new String[] {
      "--tls-cert-file", dir.resolve("server.crt").toString(),
      "--tls-key-file", dir.resolve("server.key").toString(),
      "--tls-ca-cert-file", dir.resolve("ca.crt").toString(),
      "--tls-auth-clients", "yes"
    };
  }

  /** Writes a PKCS#12 trust store holding the CA certificate; its password is {@code changeit}. */
  Path trustStore() throws IOException, GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    try (InputStream in = Files.newInputStream(dir.resolve("ca.crt"))) {
      ks.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    Path file = dir.resolve("trust.p12");
    try (OutputStream out = Files.newOutputStream(file)) {
      ks.store(out, "changeit".toCharArray());
    }
    return file;
  }
}
