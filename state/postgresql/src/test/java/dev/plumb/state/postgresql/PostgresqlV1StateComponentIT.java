package dev.plumb.state.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.api.state.Concurrency;
import dev.plumb.api.state.Consistency;
import dev.plumb.api.state.ETag;
import dev.plumb.api.state.ETagInvalidException;
import dev.plumb.api.state.StateFeature;
import dev.plumb.api.state.spi.GetRequest;
import dev.plumb.api.state.spi.SetRequest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostgresqlV1StateComponentIT extends AbstractPostgresqlStateComponentIT {
  @Override
  String version() {
    return "v1";
  }

  @Override
  Class<? extends Exception> malformedEtag() {
    return ETagInvalidException.class;
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

  @Test
  void bytesThatAreJsonTextRoundTripByteForByteInDaprsBinaryForm() throws Exception {
    byte[] signed = b("{\"b\":1,  \"a\":[2.50]}");
    store.set(SetRequest.of("signed", signed));
    store.set(
        new SetRequest(
            "declared",
            signed,
            null,
            Concurrency.LAST_WRITE,
            Consistency.EVENTUAL,
            Map.of("contentType", "application/json; charset=utf-8")));

    assertThat(store.get(GetRequest.of("signed")).value()).isEqualTo(signed);
    assertThat(new String(store.get(GetRequest.of("declared")).value(), StandardCharsets.UTF_8))
        .isEqualTo("{\"a\": [2.50], \"b\": 1}");
    try (Connection c = PostgresqlTestSupport.raw();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT isbinary FROM "
                    + PostgresqlTestSupport.stateTable("v1", md)
                    + " WHERE key = ? ORDER BY key")) {
      ps.setString(1, "signed");
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getBoolean(1)).as("stored in Dapr's binary form").isTrue();
      }
    }
  }
}
