package dev.plumb.state.aws.dynamodb;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DynamoDB Local in this JVM on a free loopback port; in memory, or on disk to survive restarts.
 */
final class DynamoDbLocal implements AutoCloseable {
  private final int port;
  private final Path dbPath;
  private DynamoDBProxyServer server;

  DynamoDbLocal(Path dbPath) throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    this.dbPath = dbPath;
  }

  static DynamoDbLocal startInMemory() throws Exception {
    DynamoDbLocal local = new DynamoDbLocal(null);
    local.start();
    return local;
  }

  void start() throws Exception {
    List<String> args =
        new ArrayList<>(List.of("-port", Integer.toString(port), "-disableTelemetry"));
    if (dbPath == null) {
      args.add("-inMemory");
    } else {
      args.addAll(List.of("-dbPath", dbPath.toString()));
    }
    server = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
    server.start();
  }

  void stop() throws Exception {
    if (server != null) {
      server.stop();
      server = null;
    }
  }

  String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /** Component metadata for a fresh random table on this server. */
  Map<String, String> metadata() {
    Map<String, String> md = new HashMap<>();
    md.put("table", "plumb-it-" + UUID.randomUUID());
    md.put("endpoint", endpoint());
    md.put("region", "us-east-1");
    md.put("accessKey", "plumb");
    md.put("secretKey", "plumb-secret");
    md.put("createTable", "true");
    return md;
  }

  DynamoDbClient client() {
    return DynamoDbClient.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .endpointOverride(URI.create(endpoint()))
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("plumb", "plumb-secret")))
        .build();
  }

  @Override
  public void close() {
    try {
      stop();
    } catch (Exception e) {
      throw new IllegalStateException("DynamoDB Local did not stop", e);
    }
  }
}
