package dev.plumb.bindings.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Self-signed certificates for the mTLS tests, made by the JDK's {@code keytool} (no test
 * dependency can do it with the JDK's public API): a server certificate for 127.0.0.1 and a client
 * certificate, each with its key, as PEM for the binding and as a TLS context for the server.
 */
final class TestCertificates {
  private static final char[] PASSWORD = "changeit".toCharArray();

  final Certificate serverCert;
  final Certificate clientCert;
  final PrivateKey clientKey;
  private final KeyStore server;

  private TestCertificates(KeyStore server, KeyStore client) throws GeneralSecurityException {
    this.server = server;
    this.serverCert = server.getCertificate("server");
    this.clientCert = client.getCertificate("client");
    this.clientKey = (PrivateKey) client.getKey("client", PASSWORD);
  }

  static TestCertificates create(Path dir) throws Exception {
    return new TestCertificates(
        keyPair(dir, "server", "CN=127.0.0.1", "SAN=ip:127.0.0.1,dns:localhost"),
        keyPair(dir, "client", "CN=plumb-client", null));
  }

  private static KeyStore keyPair(Path dir, String alias, String dname, String ext)
      throws Exception {
    Path store = dir.resolve(alias + ".p12");
    List<String> cmd =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                alias,
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                dname,
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                new String(PASSWORD)));
    if (ext != null) {
      cmd.addAll(List.of("-ext", ext));
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("keytool failed: " + out);
    }
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, PASSWORD);
    }
    return ks;
  }

  /** The server's TLS context: its own key, trusting the client's certificate only. */
  SSLContext serverContext() throws GeneralSecurityException, IOException {
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(server, PASSWORD);
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("client", clientCert);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return ctx;
  }

  static String pem(String type, byte[] der) {
    String b64 =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + b64 + "\n-----END " + type + "-----\n";
  }

  String serverCertPem() throws GeneralSecurityException {
    return pem("CERTIFICATE", serverCert.getEncoded());
  }

  String clientCertPem() throws GeneralSecurityException {
    return pem("CERTIFICATE", clientCert.getEncoded());
  }

  String clientKeyPkcs8Pem() {
    return pem("PRIVATE KEY", clientKey.getEncoded());
  }

  /** The same key as PKCS#1: the OCTET STRING inside the PKCS#8 structure. */
  String clientKeyPkcs1Pem() {
    byte[] der = clientKey.getEncoded();
    int i = skipHeader(der, 0); // outer SEQUENCE
    i = skipElement(der, i); // version
    i = skipElement(der, i); // algorithm identifier
    int start = skipHeader(der, i); // OCTET STRING
    return pem("RSA PRIVATE KEY", Arrays.copyOfRange(der, start, der.length));
  }

  private static int skipHeader(byte[] der, int i) {
    int len = der[i + 1] & 0xff;
    return i + 2 + (len < 0x80 ? 0 : len & 0x7f);
  }

  private static int skipElement(byte[] der, int i) {
    int first = der[i + 1] & 0xff;
    int length;
    int header;
    if (first < 0x80) {
      length = first;
      header = 2;
    } else {
      int n = first & 0x7f;
      length = 0;
      for (int k = 0; k < n; k++) {
        length = (length << 8) | (der[i + 2 + k] & 0xff);
      }
      header = 2 + n;
    }
    return i + header + length;
  }
}
