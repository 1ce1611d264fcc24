package dev.plumb.common.redis;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Builds the TLS socket factory for {@code enableTLS}, {@code insecureSkipTLSVerify} and the PEM
 * {@code clientCert}/{@code clientKey} pair (an unencrypted PKCS#8 key: RSA, EC or Ed25519). Server
 * certificates are checked against the JVM's default trust store, as Dapr checks them against the
 * system roots. Exception messages never contain key material.
 */
final class TlsSupport {
  private TlsSupport() {}

  /**
   * Builds the factory.
   *
   * @param insecureSkipVerify whether any server certificate is accepted
   * @param certPem the client certificate chain, or {@code null} for none
   * @param keyPem the client key, or {@code null} for none
   * @return the socket factory
   * @throws GeneralSecurityException if the key material cannot be read; the message says why
   *     without quoting it
   */
  static SSLSocketFactory socketFactory(boolean insecureSkipVerify, String certPem, String keyPem)
      throws GeneralSecurityException {
    KeyManager[] keyManagers = null;
    if (certPem != null && keyPem != null) {
      keyManagers = keyManagers(certPem, keyPem);
    }
    TrustManager[] trustManagers = insecureSkipVerify ? new TrustManager[] {TRUST_ALL} : null;
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(keyManagers, trustManagers, new SecureRandom());
    return ctx.getSocketFactory();
  }

  private static KeyManager[] keyManagers(String certPem, String keyPem)
      throws GeneralSecurityException {
    Collection<? extends Certificate> chain;
    try {
      chain =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(
                  new ByteArrayInputStream(certPem.getBytes(StandardCharsets.US_ASCII)));
    } catch (CertificateException e) {
      throw new GeneralSecurityException("clientCert is not a PEM X.509 certificate");
    }
    if (chain.isEmpty()) {
      throw new GeneralSecurityException("clientCert holds no PEM certificate");
    }
    if (!keyPem.contains("-----BEGIN PRIVATE KEY-----")) {
      throw new GeneralSecurityException(
          "clientKey must be an unencrypted PKCS#8 PEM key (-----BEGIN PRIVATE KEY-----)");
    }
    String body =
        keyPem
            .replace("-----BEGIN PRIVATE KEY-----", "")
            .replace("-----END PRIVATE KEY-----", "")
            .replaceAll("\\s", "");
    PKCS8EncodedKeySpec spec;
    try {
      spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body));
    } catch (IllegalArgumentException e) {
      throw new GeneralSecurityException("clientKey is not base64 PEM");
    }
    PrivateKey key = null;
    for (String alg : new String[] {"RSA", "EC", "Ed25519"}) {
      try {
        key = KeyFactory.getInstance(alg).generatePrivate(spec);
        break;
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    if (key == null) {
      throw new GeneralSecurityException("clientKey is not an RSA, EC or Ed25519 key");
    }
    if (!matches(key, chain.iterator().next())) {
      throw new GeneralSecurityException("clientKey does not match clientCert");
    }
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try {
      ks.load(null, null);
    } catch (IOException e) {
      throw new GeneralSecurityException("cannot create an in-memory key store", e);
    }
    char[] pw = new char[0];
    ks.setKeyEntry("client", key, pw, chain.toArray(new Certificate[0]));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, pw);
    return kmf.getKeyManagers();
  }

  /**
   * Whether the key signs what the certificate's public key verifies, as Go's X509KeyPair checks.
   */
  private static boolean matches(PrivateKey key, Certificate cert) throws GeneralSecurityException {
    String alg =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          default -> "Ed25519";
        };
    byte[] probe = new byte[32];
    new SecureRandom().nextBytes(probe);
    try {
      Signature signer = Signature.getInstance(alg);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(alg);
      verifier.initVerify(cert.getPublicKey());
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (InvalidKeyException | SignatureException e) {
      return false;
    }
  }

  /** Accepts any server certificate: only for {@code insecureSkipTLSVerify: true}. */
  private static final X509TrustManager TRUST_ALL =
      new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
          return new X509Certificate[0];
        }
      };
}
