package dev.plumb.api.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeliveryResultTest {

  @ParameterizedTest
  @CsvSource(
      value = {
        "SUCCESS, SUCCESS",
        "RETRY, RETRY",
        "DROP, DROP",
        "'', SUCCESS",
        "NULL, SUCCESS",
        "success, RETRY",
        "Drop, RETRY",
        "OK, RETRY",
        "' SUCCESS', RETRY"
      },
      nullValues = "NULL")
  void parsesSingleDeliveryStatusLikeDapr(String status, DeliveryResult expected) {
    assertThat(DeliveryResult.fromDapr(status)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(
      value = {
        "SUCCESS, SUCCESS",
        "RETRY, RETRY",
        "DROP, DROP",
        "'', RETRY",
        "NULL, RETRY",
        "unknown, RETRY"
      },
      nullValues = "NULL")
  void parsesBulkEntryStatusWithEmptyMeaningRetry(String status, DeliveryResult expected) {
    assertThat(DeliveryResult.fromDaprBulk(status)).isEqualTo(expected);
  }

  @Test
  void codesMatchGrpcTopicEventResponse() {
    assertThat(DeliveryResult.SUCCESS.code()).isZero();
    assertThat(DeliveryResult.RETRY.code()).isEqualTo(1);
    assertThat(DeliveryResult.DROP.code()).isEqualTo(2);
  }
}
