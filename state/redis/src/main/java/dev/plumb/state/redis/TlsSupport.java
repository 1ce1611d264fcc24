package dev.plumb.state.redis;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
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
 * {@code clientCert}/{@code clientKey} pair (an unencrypted PKCS#8 key, RSA or EC).
 */
final class TlsSupport {
  private TlsSupport() {}

  static SSLSocketFactory socketFactory(RedisSettings s) throws GeneralSecurityException {
    KeyManager[] keyManagers = null;
    if (s.clientCert != null && s.clientKey != null) {
      keyManagers = keyManagers(s.clientCert, s.clientKey);
    }
    TrustManager[] trustManagers = s.insecureSkipTlsVerify ? new TrustManager[] {TRUST_ALL} : null;
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(keyManagers, trustManagers, new SecureRandom());
    return ctx.getSocketFactory();
  }

  private static KeyManager[] keyManagers(String certPem, String keyPem)
      throws GeneralSecurityException {
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    Collection<? extends Certificate> chain =
        cf.generateCertificates(
            new ByteArrayInputStream(certPem.getBytes(StandardCharsets.US_ASCII)));
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
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body));
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
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try {
      ks.load(null, null);
    } catch (java.io.IOException e) {
      throw new GeneralSecurityException(e);
    }
    char[] pw = new char[0];
    ks.setKeyEntry("client", key, pw, chain.toArray(new Certificate[0]));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, pw);
    return kmf.getKeyManagers();
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
