package dev.plumb.state.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.api.state.ETag;
import dev.plumb.api.state.StateFeature;
import org.junit.jupiter.api.Test;

class PostgresqlV1StateComponentIT extends AbstractPostgresqlStateComponentIT {
  @Override
  String version() {
    return "v1";
  }

  @Override
  ETag foreignEtag() {
    return new ETag("1");
  }

  @Test
  void declaresItsFeatures() {
    assertThat(store.features())
        .containsExactlyInAnyOrder(
            StateFeature.ETAG,
            StateFeature.TRANSACTIONAL,
            StateFeature.TTL,
            StateFeature.KEYS_LIKE,
            StateFeature.QUERY_API);
  }
}
