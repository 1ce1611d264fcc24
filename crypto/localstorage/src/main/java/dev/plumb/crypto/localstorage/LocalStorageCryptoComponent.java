package dev.plumb.crypto.localstorage;

import dev.plumb.api.crypto.CryptoException;
import dev.plumb.common.jose.KeyFiles;
import dev.plumb.common.jose.LocalKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Keys read from files under a root folder at each use (contrib {@code
 * crypto/localstorage/component.go}): the key name is the file's path relative to the root. A name
 * containing {@code ..} is refused, as in Dapr; so is any name that would leave the root another
 * way (an absolute name is taken relative to the root, as Go's {@code filepath.Join} does, and a
 * symbolic link pointing outside the root is refused). {@code .json} files are JWKs, {@code .pem}
 * files PEM; others are detected as dapr/kit does. Thread-safe.
 */
final class LocalStorageCryptoComponent extends dev.plumb.common.jose.LocalKeyCryptoComponent {
  private final Path root;

  LocalStorageCryptoComponent(String name, Path root) {
    super(name);
    this.root = root;
  }

  @Override
  protected LocalKey retrieveKey(String keyName) throws IOException {
    if (keyName.contains("..")) {
      throw new CryptoException("invalid key path: cannot contain '..'");
    }
    String relative = keyName.replaceFirst("^[/\\\\]+", "");
    Path file = root.resolve(relative).normalize();
    if (relative.isEmpty() || !file.startsWith(root)) {
      throw new CryptoException("invalid key path: it must name a file inside the key folder");
    }
    byte[] data;
    try {
      if (!file.toRealPath().startsWith(root)) {
        throw new CryptoException("invalid key path: it leads outside the key folder");
      }
      data = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new CryptoException("key not found");
    } catch (IOException e) {
      throw new CryptoException("failed to load key: " + e.getClass().getSimpleName());
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    String contentType =
        name.endsWith(".json") ? KeyFiles.JWK : name.endsWith(".pem") ? KeyFiles.PEM : null;
    try {
      return KeyFiles.parse(data, contentType);
    } catch (CryptoException e) {
      throw new CryptoException("failed to parse key from file: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "LocalStorageCryptoComponent[" + name() + "]";
  }
}
