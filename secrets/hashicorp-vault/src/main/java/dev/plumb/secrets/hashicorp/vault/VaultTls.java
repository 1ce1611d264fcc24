package dev.plumb.secrets.hashicorp.vault;

import dev.plumb.api.ConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Dapr's TLS fields for Vault: the trusted roots are {@code caPem} (inline PEM), else every file
 * under {@code caPath}, else the {@code caCert} file, else the JDK's; {@code skipVerify} trusts any
 * server; {@code tlsServerName} is the name the server's certificate must carry instead of the host
 * of {@code vaultAddr}.
 */
final class VaultTls {
  private VaultTls() {}

  /**
   * The TLS metadata.
   *
   * @param caPem PEM certificates, or {@code null}
   * @param caPath a folder of PEM files, or {@code null}
   * @param caCert a PEM file, or {@code null}
   * @param skipVerify whether any certificate is accepted
   * @param serverName the name to verify, or {@code null} for the URL's host
   */
  record Settings(
      String caPem, String caPath, String caCert, boolean skipVerify, String serverName) {
    @Override
    public String toString() {
      return "tls[roots="
          + (caPem != null
              ? "caPem"
              : caPath != null ? "caPath " + caPath : caCert != null ? "caCert " + caCert : "JDK")
          + ", skipVerify="
          + skipVerify
          + ", tlsServerName="
          + serverName
          + "]";
    }
  }

  /**
   * Builds the SSL context.
   *
   * @param s the settings
   * @param owner names the component in errors
   * @return the context, or {@code null} for the JDK's default
   * @throws ConfigurationException if a certificate source cannot be read
   */
  static SSLContext context(Settings s, String owner) {
    if (!s.skipVerify()
        && s.caPem() == null
        && s.caPath() == null
        && s.caCert() == null
        && s.serverName() == null) {
      return null;
    }
    try {
      X509ExtendedTrustManager tm;
      if (s.skipVerify()) {
        tm = new TrustAll();
      } else {
        KeyStore roots = roots(s, owner);
        TrustManagerFactory tmf =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(roots);
        tm = extended(tmf.getTrustManagers());
        if (s.serverName() != null) {
          tm = new ServerName(tm, s.serverName());
        }
      }
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {tm}, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new ConfigurationException(owner + ": cannot set up TLS: " + e.getMessage(), e);
    }
  }

  private static X509ExtendedTrustManager extended(TrustManager[] tms) {
    for (TrustManager tm : tms) {
      if (tm instanceof X509ExtendedTrustManager x) {
        return x;
      }
    }
    throw new IllegalStateException("the JDK offers no X509ExtendedTrustManager");
  }

  /** The roots to trust, or {@code null} for the JDK's. */
  private static KeyStore roots(Settings s, String owner) throws GeneralSecurityException {
    List<X509Certificate> certs = new ArrayList<>();
    if (s.caPem() != null) {
      certs.addAll(parse(s.caPem().getBytes(StandardCharsets.UTF_8), "metadata 'caPem'", owner));
    } else if (s.caPath() != null) {
      Path dir = Path.of(s.caPath());
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
          certs.addAll(parse(Files.readAllBytes(f), "metadata 'caPath': file '" + f + "'", owner));
        }
      } catch (IOException e) {
        throw new ConfigurationException(
            owner + ": metadata 'caPath': cannot read the folder '" + dir + "': " + e, e);
      }
      if (certs.isEmpty()) {
        throw new ConfigurationException(
            owner + ": metadata 'caPath': no certificate under '" + dir + "'");
      }
    } else if (s.caCert() != null) {
      try {
        certs.addAll(
            parse(
                Files.readAllBytes(Path.of(s.caCert())),
                "metadata 'caCert': file '" + s.caCert() + "'",
                owner));
      } catch (IOException e) {
        throw new ConfigurationException(
            owner + ": metadata 'caCert': cannot read '" + s.caCert() + "': " + e, e);
      }
    } else {
      return null;
    }
    KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
    try {
      ks.load(null, null);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    for (int i = 0; i < certs.size(); i++) {
      ks.setCertificateEntry("ca-" + i, certs.get(i));
    }
    return ks;
  }

  private static List<X509Certificate> parse(byte[] pem, String what, String owner) {
    Collection<? extends java.security.cert.Certificate> parsed;
    try {
      parsed =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(pem));
    } catch (CertificateException e) {
      parsed = List.of();
    }
    if (parsed.isEmpty()) {
      throw new ConfigurationException(owner + ": " + what + " holds no PEM certificate");
    }
    List<X509Certificate> out = new ArrayList<>();
    parsed.forEach(c -> out.add((X509Certificate) c));
    return out;
  }

  /** Accepts every server: {@code skipVerify}, as unsafe as in Dapr. */
  private static final class TrustAll extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }

  /**
   * Checks the chain against the roots, then the leaf's names against {@code tlsServerName} instead
   * of the connection's host (Go's {@code tls.Config.ServerName}).
   */
  static final class ServerName extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager roots;
    private final String name;

    ServerName(X509ExtendedTrustManager roots, String name) {
      this.roots = roots;
      this.name = name.toLowerCase(Locale.ROOT);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      roots.checkServerTrusted(chain, authType);
      if (!matches(chain[0], name)) {
        throw new CertificateException(
            "the server's certificate is not valid for tlsServerName '" + name + "'");
      }
    }

    static boolean matches(X509Certificate cert, String name) throws CertificateParsingException {
      boolean ip = isIpLiteral(name);
      Collection<List<?>> sans = cert.getSubjectAlternativeNames();
      if (sans == null) {
        return false;
      }
      for (List<?> san : sans) {
        int type = (Integer) san.get(0);
        String value = String.valueOf(san.get(1)).toLowerCase(Locale.ROOT);
        if (ip && type == 7 && sameAddress(value, name)) {
          return true;
        }
        if (!ip && type == 2 && dnsMatches(value, name)) {
          return true;
        }
      }
      return false;
    }

    private static boolean isIpLiteral(String name) {
      return name.contains(":") || name.matches("[0-9.]+");
    }

    private static boolean sameAddress(String a, String b) {
      try {
        return InetAddress.getByName(a).equals(InetAddress.getByName(b));
      } catch (IOException e) {
        return false;
      }
    }

    /** RFC 6125: a wildcard stands for the whole leftmost label only. */
    static boolean dnsMatches(String pattern, String name) {
      if (pattern.startsWith("*.")) {
        int dot = name.indexOf('.');
        return dot > 0 && name.substring(dot).equals(pattern.substring(1));
      }
      return pattern.equals(name);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      roots.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      roots.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      roots.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return roots.getAcceptedIssuers();
    }
  }
}
