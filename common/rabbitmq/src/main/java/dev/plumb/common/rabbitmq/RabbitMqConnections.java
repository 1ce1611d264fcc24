package dev.plumb.common.rabbitmq;

import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultSaslConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds RabbitMQ connection factories the way every RabbitMQ provider needs them: from an {@code
 * amqp://} or {@code amqps://} URI with credentials, with automatic recovery of the connection, its
 * channels, consumers and declared topology after a broker restart, retried every {@code
 * recoveryInterval}. An {@code amqps://} address verifies the broker's certificate (against {@code
 * caCert} when given, else the JVM's trust store) and its host name; {@code clientCert} and {@code
 * clientKey} (PEM, the key unencrypted PKCS#8: RSA or EC) present a client certificate, and {@code
 * saslExternal} authenticates with it instead of a password.
 *
 * <p>Stateless. Exception messages name the field at fault and never quote key material or the
 * URI's password.
 */
public final class RabbitMqConnections {
  private RabbitMqConnections() {}

  /**
   * Dapr's TLS fields of a RabbitMQ component.
   *
   * @param caCert a PEM CA certificate to trust, or {@code null} for the JVM's trust store
   * @param clientCert the PEM client certificate chain, or {@code null}
   * @param clientKey the PEM client key (PKCS#8), or {@code null}; a secret
   * @param saslExternal whether to authenticate with the client certificate (SASL EXTERNAL)
   */
  public record Tls(String caCert, String clientCert, String clientKey, boolean saslExternal) {
    /** No TLS fields. */
    public static final Tls NONE = new Tls(null, null, null, false);

    /**
     * Tells whether any TLS field is set.
     *
     * @return {@code true} if a certificate, key or SASL EXTERNAL is configured
     */
    public boolean any() {
      return caCert != null || clientCert != null || clientKey != null || saslExternal;
    }

    @Override
    public String toString() {
      return "Tls[caCert="
          + (caCert != null)
          + ", clientCert="
          + (clientCert != null)
          + ", clientKey="
          + (clientKey != null ? "***" : "none")
          + ", saslExternal="
          + saslExternal
          + "]";
    }
  }

  /**
   * Builds a factory. Does not connect.
   *
   * @param uri the {@code amqp://} or {@code amqps://} address, with credentials and virtual host
   * @param tls the TLS fields; {@link Tls#NONE} for none
   * @param recoveryInterval how long to wait between reconnection attempts; positive
   * @return the factory, with automatic and topology recovery on
   * @throws IllegalArgumentException if the address is not an AMQP URI, TLS fields are given with
   *     an {@code amqp://} address, {@code clientCert} and {@code clientKey} are not both given,
   *     the PEM material cannot be read, or {@code saslExternal} lacks a client certificate; the
   *     message names the field
   */
  public static ConnectionFactory factory(String uri, Tls tls, Duration recoveryInterval) {
    ConnectionFactory f = new ConnectionFactory();
    boolean secure = uri.startsWith("amqps:");
    try {
      f.setUri(uri);
    } catch (Exception e) {
      // The client's message may quote the URI, password included.
      throw new IllegalArgumentException(
          "the address is not an amqp:// or amqps:// URI (amqp://user:password@host:port/vhost)");
    }
    if (tls.any() && !secure) {
      throw new IllegalArgumentException(
          "caCert, clientCert, clientKey and saslExternal need an amqps:// address");
    }
    if ((tls.clientCert() == null) != (tls.clientKey() == null)) {
      throw new IllegalArgumentException("clientCert and clientKey go together: give both");
    }
    if (tls.saslExternal() && tls.clientCert() == null) {
      throw new IllegalArgumentException("saslExternal needs clientCert and clientKey");
    }
    if (secure) {
      try {
        f.useSslProtocol(sslContext(tls));
      } catch (GeneralSecurityException e) {
        throw new IllegalArgumentException(e.getMessage());
      }
      // useSslProtocol alone would not check the host name.
      f.enableHostnameVerification();
      if (tls.saslExternal()) {
        f.setSaslConfig(DefaultSaslConfig.EXTERNAL);
      }
    }
    f.setAutomaticRecoveryEnabled(true);
    f.setTopologyRecoveryEnabled(true);
    f.setNetworkRecoveryInterval(Math.max(1, recoveryInterval.toMillis()));
    f.setConnectionTimeout(15_000);
    return f;
  }

  private static SSLContext sslContext(Tls tls) throws GeneralSecurityException {
    TrustManager[] trust = null;
    if (tls.caCert() != null) {
      KeyStore ts = emptyStore();
      int i = 0;
      for (Certificate c : certificates(tls.caCert(), "caCert")) {
        ts.setCertificateEntry("ca-" + i++, c);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ts);
      trust = tmf.getTrustManagers();
    }
    KeyManager[] keys = null;
    if (tls.clientCert() != null) {
      Collection<? extends Certificate> chain = certificates(tls.clientCert(), "clientCert");
      KeyStore ks = emptyStore();
      char[] pw = new char[0];
      ks.setKeyEntry("client", privateKey(tls.clientKey()), pw, chain.toArray(new Certificate[0]));
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, pw);
      keys = kmf.getKeyManagers();
    }
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(keys, trust, null);
    return ctx;
  }

  private static KeyStore emptyStore() throws GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try {
      ks.load(null, null);
    } catch (IOException e) {
      throw new GeneralSecurityException("cannot create an in-memory key store", e);
    }
    return ks;
  }

  private static Collection<? extends Certificate> certificates(String pem, String field)
      throws GeneralSecurityException {
    Collection<? extends Certificate> certs;
    try {
      certs =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8)));
    } catch (CertificateException e) {
      throw new GeneralSecurityException(field + " is not a PEM X.509 certificate");
    }
    if (certs.isEmpty()) {
      throw new GeneralSecurityException(field + " holds no PEM certificate");
    }
    return certs;
  }

  private static PrivateKey privateKey(String pem) throws GeneralSecurityException {
    if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
      throw new GeneralSecurityException(
          "clientKey must be an unencrypted PKCS#8 PEM key (-----BEGIN PRIVATE KEY-----)");
    }
    String body =
        pem.replace("-----BEGIN PRIVATE KEY-----", "")
            .replace("-----END PRIVATE KEY-----", "")
            .replaceAll("\\s", "");
    PKCS8EncodedKeySpec spec;
    try {
      spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body));
    } catch (IllegalArgumentException e) {
      throw new GeneralSecurityException("clientKey is not base64 PEM");
    }
    for (String alg : new String[] {"RSA", "EC"}) {
      try {
        return KeyFactory.getInstance(alg).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        // Try the next algorithm.
      }
    }
    throw new GeneralSecurityException("clientKey is not an RSA or EC key");
  }
}
