package dev.plumb.state.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.api.state.ETag;
import dev.plumb.api.state.StateFeature;
import org.junit.jupiter.api.Test;

class PostgresqlV2StateComponentIT extends AbstractPostgresqlStateComponentIT {
  @Override
  String version() {
    return "v2";
  }

  @Override
  ETag foreignEtag() {
    return new ETag("e9b9e142-74b1-4a2e-8e90-3f4ffeea2e70");
  }

  @Test
  void declaresItsFeatures() {
    assertThat(store.features())
        .containsExactlyInAnyOrder(
            StateFeature.ETAG,
            StateFeature.TRANSACTIONAL,
            StateFeature.TTL,
            StateFeature.KEYS_LIKE);
  }
}
