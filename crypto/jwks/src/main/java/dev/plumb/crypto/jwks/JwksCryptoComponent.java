package dev.plumb.crypto.jwks;

import dev.plumb.api.crypto.CryptoException;
import dev.plumb.api.spi.Scheduler;
import dev.plumb.common.jose.KeyFiles;
import dev.plumb.common.jose.LocalKey;
import dev.plumb.common.jose.LocalKeyCryptoComponent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keys of a JSON Web Key Set, named by {@code kid} (contrib {@code crypto/jwks}, dapr/kit {@code
 * jwkscache}). The set comes from an {@code http(s)} URL (fetched at start, then again every {@code
 * minRefreshInterval} on the runtime's scheduler; a failed refresh is logged and the last set
 * kept), a file (read at start, then re-read when its modification time or size changes, checked
 * every {@value #FILE_CHECK_SECONDS} s on the scheduler: Dapr watches the folder instead), or the
 * metadata itself. Thread-safe: lookups read the current set, refreshes replace it whole.
 */
final class JwksCryptoComponent extends LocalKeyCryptoComponent {
  static final int FILE_CHECK_SECONDS = 5;
  private static final Logger LOG = LoggerFactory.getLogger(JwksCryptoComponent.class);

  private final Source source;
  private volatile Map<String, LocalKey> keys;
  private volatile Scheduler.Task refresh;

  private JwksCryptoComponent(String name, Source source) {
    super(name);
    this.source = source;
  }

  static JwksCryptoComponent start(
      String name, String location, Duration timeout, Duration minRefresh, Scheduler scheduler) {
    Source source = Source.of(name, location, timeout);
    JwksCryptoComponent c = new JwksCryptoComponent(name, source);
    c.keys = source.load();
    Duration period =
        source.isUrl()
            ? minRefresh
            : source.isFile() ? Duration.ofSeconds(FILE_CHECK_SECONDS) : null;
    if (period != null) {
      c.refresh = scheduler.every(period, c::refreshQuietly);
    }
    return c;
  }

  private void refreshQuietly() {
    try {
      if (source.changed()) {
        keys = source.load();
      }
    } catch (RuntimeException e) {
      // Keep serving the last good set, as Dapr's cache does; the message never holds key bytes.
      LOG.warn("crypto component {}: error while refreshing the JWKS: {}", name(), e.getMessage());
    }
  }

  @Override
  protected LocalKey retrieveKey(String keyName) {
    LocalKey k = keys.get(keyName);
    if (k == null) {
      throw new CryptoException("key not found");
    }
    return k;
  }

  @Override
  public void close() {
    Scheduler.Task t = refresh;
    if (t != null) {
      t.cancel();
    }
  }

  @Override
  public String toString() {
    return "JwksCryptoComponent[" + name() + ", " + source.kind() + "]";
  }

  /** Where the set comes from. */
  private abstract static class Source {
    final String component;

    Source(String component) {
      this.component = component;
    }

    static Source of(String component, String location, Duration timeout) {
      if (location.startsWith("https://") || location.startsWith("http://")) {
        if (location.startsWith("http://")) {
          LOG.warn(
              "crypto component {}: loading a JWKS over HTTP without TLS: not recommended in"
                  + " production",
              component);
        }
        return new UrlSource(component, URI.create(location), timeout);
      }
      Path p;
      try {
        p = Path.of(location);
      } catch (RuntimeException e) {
        p = null;
      }
      if (p != null && Files.isRegularFile(p)) {
        return new FileSource(component, p);
      }
      return new InlineSource(component, location);
    }

    abstract Map<String, LocalKey> load();

    boolean changed() {
      return true;
    }

    boolean isUrl() {
      return false;
    }

    boolean isFile() {
      return false;
    }

    abstract String kind();

    Map<String, LocalKey> parse(String json, String from) {
      try {
        return KeyFiles.parseSet(json);
      } catch (CryptoException e) {
        throw new CryptoException(
            "crypto component "
                + component
                + ": failed to parse the JWKS "
                + from
                + ": "
                + e.getMessage(),
            e);
      }
    }
  }

  private static final class InlineSource extends Source {
    private final String value;

    InlineSource(String component, String value) {
      super(component);
      this.value = value;
    }

    @Override
    Map<String, LocalKey> load() {
      // As dapr/kit: base64 (std, padding trimmed) if it decodes, else the JSON itself.
      String json;
      try {
        String trimmed = value.replaceAll("=+$", "");
        json = new String(Base64.getDecoder().decode(trimmed), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        json = value;
      }
      try {
        return KeyFiles.parseSet(json);
      } catch (CryptoException e) {
        throw new CryptoException(
            "crypto component "
                + component
                + ": failed to parse metadata 'jwks': not a URL, path to local file, or JSON value"
                + " (optionally base64-encoded)");
      }
    }

    @Override
    String kind() {
      return "inline";
    }
  }

  private static final class FileSource extends Source {
    private final Path file;
    private volatile FileTime modified;
    private volatile long size = -1;

    FileSource(String component, Path file) {
      super(component);
      this.file = file;
    }

    @Override
    boolean changed() {
      try {
        return !Files.getLastModifiedTime(file).equals(modified) || Files.size(file) != size;
      } catch (IOException e) {
        throw new CryptoException(
            "failed to read JWKS file " + file + ": " + e.getClass().getSimpleName());
      }
    }

    @Override
    Map<String, LocalKey> load() {
      try {
        FileTime m = Files.getLastModifiedTime(file);
        long s = Files.size(file);
        Map<String, LocalKey> keys = parse(Files.readString(file), "file " + file);
        modified = m;
        size = s;
        return keys;
      } catch (IOException e) {
        throw new CryptoException(
            "crypto component "
                + component
                + ": failed to read JWKS file "
                + file
                + ": "
                + e.getClass().getSimpleName(),
            e);
      }
    }

    @Override
    boolean isFile() {
      return true;
    }

    @Override
    String kind() {
      return "file";
    }
  }

  private static final class UrlSource extends Source {
    private final URI uri;
    private final Duration timeout;
    private final HttpClient client;

    UrlSource(String component, URI uri, Duration timeout) {
      super(component);
      this.uri = uri;
      this.timeout = timeout;
      this.client =
          HttpClient.newBuilder()
              .connectTimeout(timeout)
              .followRedirects(HttpClient.Redirect.NORMAL)
              .build();
    }

    @Override
    Map<String, LocalKey> load() {
      HttpRequest request =
          HttpRequest.newBuilder(uri)
              .timeout(timeout)
              .header("Accept", "application/json")
              .GET()
              .build();
      HttpResponse<String> response;
      try {
        response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new CryptoException(
            "crypto component " + component + ": failed to fetch JWKS from " + uri + ": " + e, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CryptoException(
            "crypto component " + component + ": interrupted while fetching JWKS from " + uri, e);
      }
      if (response.statusCode() / 100 != 2) {
        throw new CryptoException(
            "crypto component "
                + component
                + ": failed to fetch JWKS from "
                + uri
                + ": HTTP status "
                + response.statusCode());
      }
      return parse(response.body(), "from " + uri);
    }

    @Override
    boolean isUrl() {
      return true;
    }

    @Override
    String kind() {
      return Objects.toString(uri);
    }
  }
}
