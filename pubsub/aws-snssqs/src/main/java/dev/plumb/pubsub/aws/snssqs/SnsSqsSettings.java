package dev.plumb.pubsub.aws.snssqs;

import dev.plumb.api.spi.ComponentMetadata;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The metadata of a {@code pubsub.aws.snssqs} component besides the shared AWS fields, read with
 * the defaults and checks of components-contrib's {@code pubsub/aws/snssqs/metadata.go}. Immutable.
 */
final class SnsSqsSettings {
  static final String FIFO_SUFFIX = ".fifo";
  static final int MAX_NAME = 80;

  final String consumerId;
  final int visibilityTimeout;
  final long retryLimit;
  final boolean disableDeleteOnRetryLimit;
  final Optional<String> deadLettersQueue;
  final long receiveLimit;
  final int waitTimeSeconds;
  final int maxNumber;
  final boolean fifo;
  final String fifoMessageGroupId;
  final boolean disableEntityManagement;
  final Duration assetsTimeout;
  final boolean parallel;

  private SnsSqsSettings(ComponentMetadata md) {
    consumerId = md.requireString("consumerID");
    visibilityTimeout = md.getInt("messageVisibilityTimeout", 10);
    if (visibilityTimeout < 1) {
      md.addProblem("metadata 'messageVisibilityTimeout' must be greater than 0");
    }
    retryLimit = md.getLong("messageRetryLimit", 10);
    if (retryLimit < 2) {
      md.addProblem("metadata 'messageRetryLimit' must be greater than 1");
    }
    disableDeleteOnRetryLimit = md.getBoolean("disableDeleteOnRetryLimit", false);
    deadLettersQueue = md.getString("sqsDeadLettersQueueName");
    receiveLimit = md.getLong("messageReceiveLimit", 0);
    if ((receiveLimit > 0) != deadLettersQueue.isPresent()) {
      md.addProblem(
          "metadata 'sqsDeadLettersQueueName' and 'messageReceiveLimit' must be set together (the"
              + " dead-letters queue and after how many receives SQS moves a message there)");
    }
    if (deadLettersQueue.isPresent() && disableDeleteOnRetryLimit) {
      md.addProblem(
          "metadata 'disableDeleteOnRetryLimit' cannot be true when 'sqsDeadLettersQueueName' is"
              + " set");
    }
    waitTimeSeconds = md.getInt("messageWaitTimeSeconds", 2);
    if (waitTimeSeconds < 1 || waitTimeSeconds > 20) {
      md.addProblem(
          "metadata 'messageWaitTimeSeconds' must be between 1 and 20 (SQS long polling)");
    }
    maxNumber = md.getInt("messageMaxNumber", 10);
    if (maxNumber < 1 || maxNumber > 10) {
      md.addProblem("metadata 'messageMaxNumber' must be between 1 and 10");
    }
    fifo = md.getBoolean("fifo", false);
    fifoMessageGroupId = md.getString("fifoMessageGroupID", consumerId);
    disableEntityManagement = md.getBoolean("disableEntityManagement", false);
    double seconds = 5.0;
    Optional<String> t = md.getString("assetsManagementTimeoutSeconds");
    if (t.isPresent()) {
      try {
        seconds = Double.parseDouble(t.get());
      } catch (NumberFormatException e) {
        md.addProblem(
            "metadata 'assetsManagementTimeoutSeconds': expected seconds, got '" + t.get() + "'");
      }
    }
    assetsTimeout = Duration.ofMillis((long) (seconds * 1000));
    String mode = md.getString("concurrencyMode", "parallel").toLowerCase(Locale.ROOT);
    parallel = !mode.equals("single");
    if (!mode.equals("single") && !mode.equals("parallel")) {
      md.addProblem("metadata 'concurrencyMode': expected single or parallel, got '" + mode + "'");
    }
    int limit = md.getInt("concurrencyLimit", 0);
    if (limit < 0) {
      md.addProblem("metadata 'concurrencyLimit' must be 0 or more");
    }
    // Read so that Dapr files load: the account is found through the SNS API (ListTopics), never
    // needed to build an ARN; the partition likewise.
    md.getString("accountID");
    md.getString("partition");
  }

  static SnsSqsSettings read(ComponentMetadata md) {
    return new SnsSqsSettings(md);
  }

  /**
   * Dapr's name rule: keeps {@code [A-Za-z0-9_-]} (dropping the rest), at most 80 characters, with
   * {@code .fifo} (kept within the 80) for FIFO entities.
   */
  static String awsName(String name, boolean fifo) {
    String base = name;
    if (fifo && base.endsWith(FIFO_SUFFIX)) {
      base = base.substring(0, base.length() - FIFO_SUFFIX.length());
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < base.length() && b.length() < MAX_NAME; i++) {
      char c = base.charAt(i);
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_') {
        b.append(c);
      }
    }
    if (fifo) {
      int keep = Math.min(b.length(), MAX_NAME - FIFO_SUFFIX.length());
      return b.substring(0, keep) + FIFO_SUFFIX;
    }
    return b.toString();
  }

  @Override
  public String toString() {
    return "SnsSqsSettings[queue="
        + consumerId
        + ", fifo="
        + fifo
        + ", visibility="
        + visibilityTimeout
        + "s, deadLetters="
        + deadLettersQueue.orElse("none")
        + "]";
  }
}
