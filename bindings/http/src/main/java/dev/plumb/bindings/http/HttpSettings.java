package dev.plumb.bindings.http;

import dev.plumb.api.spi.ComponentMetadata;
import dev.plumb.api.spi.DaprValues;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * The component metadata of {@code bindings.http}, read as Dapr's {@code httpMetadata}: {@code url}
 * (required, http or https), {@code responseTimeout} (none by default), {@code maxResponseBodySize}
 * (100Mi; zero or less means no limit), {@code errorIfNot2XX} (true), {@code securityToken} with
 * {@code securityTokenHeader}, and the mTLS fields {@code MTLSRootCA}, {@code MTLSClientCert},
 * {@code MTLSClientKey} (PEM text or a file path) and {@code MTLSRenegotiation}.
 */
final class HttpSettings {
  static final long DEFAULT_MAX_RESPONSE_BODY_SIZE = 100L << 20;
  private static final Set<String> RENEGOTIATION =
      Set.of("RenegotiateNever", "RenegotiateOnceAsClient", "RenegotiateFreelyAsClient");

  final URI url;
  final Duration responseTimeout;
  final long maxResponseBodySize;
  final String maxResponseBodySizeText;
  final boolean errorIfNot2xx;
  final String securityToken;
  final String securityTokenHeader;
  final String rootCa;
  final String clientCert;
  final String clientKey;

  private HttpSettings(ComponentMetadata md) {
    String u = md.requireString("url");
    URI parsed = null;
    if (!u.isEmpty()) {
      try {
        parsed = URI.create(u);
        String scheme =
            parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || parsed.getHost() == null) {
          md.addProblem("metadata 'url' must be an http or https URL with a host, got '" + u + "'");
        }
      } catch (IllegalArgumentException e) {
        md.addProblem("metadata 'url' is not a valid URL ('" + u + "'): " + e.getMessage());
      }
    }
    this.url = parsed;
    Duration timeout = md.getDuration("responseTimeout", Duration.ZERO);
    this.responseTimeout = timeout.isZero() || timeout.isNegative() ? null : timeout;
    this.maxResponseBodySize =
        md.getByteSize("maxResponseBodySize", DEFAULT_MAX_RESPONSE_BODY_SIZE);
    this.maxResponseBodySizeText = md.getString("maxResponseBodySize", "100Mi");
    // Dapr reads this one with IsTruthy: anything but a truthy spelling is false.
    this.errorIfNot2xx = md.getString("errorIfNot2XX").map(DaprValues::isTruthy).orElse(true);
    this.securityToken = md.getString("securityToken").orElse(null);
    this.securityTokenHeader = md.getString("securityTokenHeader").orElse(null);
    this.rootCa = md.getString("MTLSRootCA").orElse(null);
    this.clientCert = md.getString("MTLSClientCert").orElse(null);
    this.clientKey = md.getString("MTLSClientKey").orElse(null);
    md.getString("MTLSRenegotiation")
        .filter(r -> !RENEGOTIATION.contains(r))
        .ifPresent(
            r ->
                md.addProblem(
                    "metadata 'MTLSRenegotiation' must be one of "
                        + String.join(", ", RENEGOTIATION.stream().sorted().toList())
                        + ", got '"
                        + r
                        + "'"));
    if ((clientCert == null) != (clientKey == null)) {
      md.addProblem(
          "metadata 'MTLSClientCert' and 'MTLSClientKey' go together: give both or neither");
    }
  }

  static HttpSettings read(ComponentMetadata md) {
    return new HttpSettings(md);
  }

  boolean limitsBody() {
    return maxResponseBodySize > 0;
  }
}
