package dev.plumb.pubsub.aws.snssqs;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The module's test servers, started once per test JVM: ElasticMQ (a real SQS implementation) in
 * process, and {@link SnsApiFake} in front of it (SNS answered by the fake, SQS passed through).
 * Stopped when the JVM exits.
 */
final class SnsSqsTestServers {
  private static SnsSqsTestServers shared;

  final SQSRestServer elasticMq;
  final URI sqsEndpoint;
  final SqsClient sqs;
  final SnsApiFake sns;

  private SnsSqsTestServers() throws Exception {
    elasticMq = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
    int port = elasticMq.waitUntilStarted().localAddress().getPort();
    sqsEndpoint = URI.create("http://127.0.0.1:" + port);
    sqs =
        SqsClient.builder()
            .endpointOverride(sqsEndpoint)
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
    sns = new SnsApiFake(sqsEndpoint, sqs);
  }

  static synchronized SnsSqsTestServers shared() throws Exception {
    if (shared == null) {
      SnsSqsTestServers s = new SnsSqsTestServers();
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    s.sns.close();
                    s.sqs.close();
                    s.elasticMq.stopAndWait();
                  }));
      shared = s;
    }
    return shared;
  }

  /** Metadata that reaches both servers through the single endpoint, as with LocalStack. */
  Map<String, String> metadata() {
    Map<String, String> md = new LinkedHashMap<>();
    md.put("endpoint", sns.endpoint().toString());
    md.put("region", SnsApiFake.REGION);
    md.put("accessKey", "x");
    md.put("secretKey", "x");
    md.put("messageWaitTimeSeconds", "1");
    return md;
  }
}
