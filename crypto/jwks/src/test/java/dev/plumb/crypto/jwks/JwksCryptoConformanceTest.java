package dev.plumb.crypto.jwks;

import dev.plumb.api.crypto.spi.CryptoComponent;
import dev.plumb.testkit.crypto.CryptoConformanceKit;
import java.util.List;
import java.util.Map;

/** The kit with Dapr's conformance JWKS given inline, as Dapr's metadata allows. */
class JwksCryptoConformanceTest extends CryptoConformanceKit {
  @Override
  protected CryptoComponent createComponent() throws Exception {
    return createFromProvider("crypto.dapr.jwks", Map.of("jwks", daprJwks()));
  }

  @Override
  protected List<Key> keys() {
    return daprKeys(false);
  }
}
