package dev.plumb.bindings.aws.s3;

import dev.plumb.api.spi.ComponentMetadata;
import dev.plumb.api.spi.DaprValues;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The binding's own metadata, as Dapr reads it; {@code decodeBase64}, {@code encodeBase64}, {@code
 * storageClass} and {@code presignTTL} may also come per request. {@code disableSSL} means an
 * endpoint given without a scheme is plain HTTP. Immutable.
 */
final class S3Settings {
  final String bucket;
  final boolean forcePathStyle;
  final boolean decodeBase64;
  final boolean encodeBase64;
  final String storageClass;
  final String presignTtl;

  private S3Settings(ComponentMetadata md) {
    this.bucket = md.requireString("bucket");
    this.forcePathStyle = md.getBoolean("forcePathStyle", false);
    this.decodeBase64 = md.getBoolean("decodeBase64", false);
    this.encodeBase64 = md.getBoolean("encodeBase64", false);
    this.storageClass = md.getString("storageClass").orElse(null);
    this.presignTtl = md.getString("presignTTL").orElse(null);
    if (md.getBoolean("insecureSSL", false)) {
      md.addProblem("metadata 'insecureSSL' is not supported: S3 certificates are always verified");
    }
    if (md.getBoolean("disableSSL", false)
        && md.getString("endpoint").filter(e -> !e.contains("://")).isPresent()) {
      md.addProblem("metadata 'disableSSL': give the endpoint as http://host:port instead");
    }
  }

  static S3Settings read(ComponentMetadata md) {
    return new S3Settings(md);
  }

  boolean decodeBase64(Map<String, String> request) {
    return flag(request, "decodeBase64").orElse(decodeBase64);
  }

  boolean encodeBase64(Map<String, String> request) {
    return flag(request, "encodeBase64").orElse(encodeBase64);
  }

  String storageClass(Map<String, String> request) {
    String v = request.get("storageClass");
    return v == null || v.isEmpty() ? storageClass : v;
  }

  /** The presign TTL of a request, if any, as a Go duration. */
  Optional<Duration> presignTtl(Map<String, String> request) {
    String v = request.get("presignTTL");
    String text = v == null || v.isEmpty() ? presignTtl : v;
    return text == null ? Optional.empty() : Optional.of(DaprValues.parseDuration(text));
  }

  private static Optional<Boolean> flag(Map<String, String> request, String key) {
    String v = request.get(key);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(DaprValues.isTruthy(v));
  }
}
