package dev.plumb.crypto.localstorage;

import dev.plumb.api.crypto.spi.CryptoComponent;
import dev.plumb.testkit.crypto.CryptoConformanceKit;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

class LocalStorageCryptoConformanceTest extends CryptoConformanceKit {
  @TempDir Path dir;

  @Override
  protected CryptoComponent createComponent() throws Exception {
    copyDaprKeyFiles(dir);
    return createFromProvider("crypto.dapr.localstorage", Map.of("path", dir.toString()));
  }

  @Override
  protected List<Key> keys() {
    return daprKeys(true);
  }
}
