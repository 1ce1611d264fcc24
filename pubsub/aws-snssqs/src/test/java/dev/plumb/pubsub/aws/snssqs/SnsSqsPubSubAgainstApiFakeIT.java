package dev.plumb.pubsub.aws.snssqs;

import dev.plumb.testkit.pubsub.PubSubConformanceKit;
import java.util.Map;

/**
 * The pub/sub conformance kit's scenarios against {@code pubsub.aws.snssqs}, with SQS served by
 * ElasticMQ (a real SQS implementation, in process) and SNS by {@link SnsApiFake}, a fake of SNS's
 * query API: what it shows about SNS is only as good as that fake. Dapr's conformance settings
 * ({@code messageVisibilityTimeout 10}, {@code messageRetryLimit 10}, {@code messageMaxNumber 10}).
 * Metadata travels as SNS message attributes; standard queues keep no order.
 */
class SnsSqsPubSubAgainstApiFakeIT extends PubSubConformanceKit {

  @Override
  protected String type() {
    return "pubsub.aws.snssqs";
  }

  @Override
  protected Map<String, String> metadata() {
    try {
      Map<String, String> md = new java.util.LinkedHashMap<>(SnsSqsTestServers.shared().metadata());
      md.put("messageVisibilityTimeout", "10");
      md.put("messageRetryLimit", "10");
      md.put("messageMaxNumber", "10");
      return md;
    } catch (Exception e) {
      throw new IllegalStateException("cannot start ElasticMQ and the SNS fake", e);
    }
  }
}
