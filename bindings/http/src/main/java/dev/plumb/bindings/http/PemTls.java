package dev.plumb.bindings.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the TLS context of Dapr's mTLS fields: each value is PEM text, or else the path of a PEM
 * file, as Dapr's {@code getPemBytes} reads it. The root CA replaces the JDK's trusted roots; the
 * client key may be PKCS#8 ({@code PRIVATE KEY}, any algorithm) or PKCS#1 ({@code RSA PRIVATE
 * KEY}). Messages name the field, never its content.
 */
final class PemTls {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \\1-----");
  private static final char[] NO_PASSWORD = new char[0];

  private PemTls() {}

  /** An mTLS field whose value cannot be used; the message names the field. */
  static final class PemException extends Exception {
    private static final long serialVersionUID = 1L;

    PemException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  static SSLContext context(String rootCa, String clientCert, String clientKey)
      throws PemException {
    try {
      TrustManagerFactory tmf = null;
      if (rootCa != null) {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        int i = 0;
        for (Certificate c : certificates("MTLSRootCA", rootCa)) {
          trust.setCertificateEntry("ca-" + i++, c);
        }
        tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
      }
      KeyManagerFactory kmf = null;
      if (clientCert != null && clientKey != null) {
        Certificate[] chain =
            certificates("MTLSClientCert", clientCert).toArray(new Certificate[0]);
        KeyStore keys = KeyStore.getInstance(KeyStore.getDefaultType());
        keys.load(null, null);
        keys.setKeyEntry("client", privateKey(clientKey), NO_PASSWORD, chain);
        kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, NO_PASSWORD);
      }
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(
          kmf == null ? null : kmf.getKeyManagers(),
          tmf == null ? null : tmf.getTrustManagers(),
          null);
      return ctx;
    } catch (GeneralSecurityException | IOException e) {
      throw new PemException("the mTLS settings cannot be used: " + e.getMessage(), e);
    }
  }

  private static Collection<? extends Certificate> certificates(String field, String value)
      throws PemException {
    byte[] pem = pemBytes(field, value);
    try {
      Collection<? extends Certificate> certs =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(pem));
      if (certs.isEmpty()) {
        throw new PemException("metadata '" + field + "' holds no certificate", null);
      }
      return certs;
    } catch (GeneralSecurityException e) {
      throw new PemException(
          "metadata '" + field + "' is not a PEM certificate: " + e.getMessage(), e);
    }
  }

  private static PrivateKey privateKey(String value) throws PemException {
    String pem = new String(pemBytes("MTLSClientKey", value), StandardCharsets.US_ASCII);
    Matcher m = BLOCK.matcher(pem);
    if (!m.find()) {
      throw new PemException("metadata 'MTLSClientKey' holds no PEM key", null);
    }
    String type = m.group(1);
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(m.group(2));
    } catch (IllegalArgumentException e) {
      throw new PemException("metadata 'MTLSClientKey' is not valid PEM", e);
    }
    switch (type) {
      case "PRIVATE KEY":
        return pkcs8(der);
      case "RSA PRIVATE KEY":
        return pkcs8(pkcs1ToPkcs8(der));
      default:
        throw new PemException(
            "metadata 'MTLSClientKey' is a '"
                + type
                + "'; give a PKCS#8 'PRIVATE KEY' (openssl pkcs8 -topk8 -nocrypt) or an 'RSA"
                + " PRIVATE KEY'",
            null);
    }
  }

  private static PrivateKey pkcs8(byte[] der) throws PemException {
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        // Not this algorithm: try the next one.
      }
    }
    throw new PemException(
        "metadata 'MTLSClientKey' is not an RSA, EC or EdDSA PKCS#8 private key", null);
  }

  /** Wraps a PKCS#1 RSA key in PKCS#8: SEQUENCE { 0, rsaEncryption, OCTET STRING { key } }. */
  private static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
    byte[] algorithm = {
      0x30,
      0x0d,
      0x06,
      0x09,
      0x2a,
      (byte) 0x86,
      0x48,
      (byte) 0x86,
      (byte) 0xf7,
      0x0d,
      0x01,
      0x01,
      0x01,
      0x05,
      0x00
    };
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(new byte[] {0x02, 0x01, 0x00});
    body.writeBytes(algorithm);
    body.write(0x04);
    body.writeBytes(length(pkcs1.length));
    body.writeBytes(pkcs1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x30);
    out.writeBytes(length(body.size()));
    out.writeBytes(body.toByteArray());
    return out.toByteArray();
  }

  private static byte[] length(int n) {
    if (n < 0x80) {
      return new byte[] {(byte) n};
    }
    if (n < 0x100) {
      return new byte[] {(byte) 0x81, (byte) n};
    }
    if (n < 0x10000) {
      return new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
    }
    return new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
  }

  /** PEM text as given, else the content of the file it names. */
  private static byte[] pemBytes(String field, String value) throws PemException {
    if (value.contains("-----BEGIN ")) {
      return value.getBytes(StandardCharsets.US_ASCII);
    }
    try {
      return Files.readAllBytes(Path.of(value));
    } catch (IOException | InvalidPathException e) {
      throw new PemException(
          "metadata '"
              + field
              + "' is neither PEM text nor the path of a readable file: "
              + e.getClass().getSimpleName(),
          e);
    }
  }
}
