package dev.plumb.crypto.jwks;

import dev.plumb.api.crypto.spi.CryptoComponent;
import dev.plumb.testkit.crypto.CryptoConformanceKit;
import java.util.List;
import java.util.Map;

/** The kit with Dapr's conformance JWKS fetched from a real local HTTP server. */
class JwksOverHttpConformanceTest extends CryptoConformanceKit {
  @Override
  protected CryptoComponent createComponent() throws Exception {
    JwksServer.INSTANCE.status.set(200);
    JwksServer.INSTANCE.body.set(daprJwks());
    return createFromProvider("crypto.dapr.jwks", Map.of("jwks", JwksServer.INSTANCE.url()));
  }

  @Override
  protected List<Key> keys() {
    return daprKeys(false);
  }
}
