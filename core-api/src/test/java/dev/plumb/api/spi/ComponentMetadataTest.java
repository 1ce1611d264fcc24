package dev.plumb.api.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.plumb.api.ConfigurationException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComponentMetadataTest {
  private static final String OWNER = "component 'cache' (components/redis.yaml:5)";

  private static ComponentMetadata metadata(MetadataField... fields) {
    return ComponentMetadata.of(OWNER, List.of(fields));
  }

  private static MetadataField field(String name, String value, int line) {
    return new MetadataField(name, value, false, line);
  }

  @Test
  void matchesNamesWithoutRegardToCase() {
    ComponentMetadata m = metadata(field("redisHost", "localhost:6379", 7));
    assertThat(m.getString("REDISHOST")).contains("localhost:6379");
    assertThat(m.getString("redishost", "x")).isEqualTo("localhost:6379");
    assertThat(m.has("RedisHost")).isTrue();
    assertThat(m.has("redisPassword")).isFalse();
  }

  @Test
  void laterEntryWithSameNameIgnoringCaseWins() {
    ComponentMetadata m = metadata(field("maxRetries", "1", 7), field("MAXRETRIES", "4", 8));
    assertThat(m.getInt("maxRetries", 0)).isEqualTo(4);
    assertThat(m.names()).containsExactly("MAXRETRIES");
  }

  @Test
  void blankValuesCountAsAbsentAndValuesAreTrimmed() {
    ComponentMetadata m = metadata(field("a", "   ", 1), field("b", "  x  ", 2));
    assertThat(m.getString("a")).isEmpty();
    assertThat(m.has("a")).isFalse();
    assertThat(m.getInt("a", 9)).isEqualTo(9);
    assertThat(m.getString("b")).contains("x");
    m.validate();
  }

  @Test
  void readsTypedValuesInDaprSpellings() {
    ComponentMetadata m =
        metadata(
            field("count", " 42 ", 1),
            field("big", "9000000000", 2),
            field("enabled", "True", 3),
            field("off", "0", 4),
            field("yes", "YES", 5),
            field("timeout", "1m30s", 6),
            field("plainSeconds", "10", 7),
            field("iso", "PT2S", 8));
    assertThat(m.getInt("count", 0)).isEqualTo(42);
    assertThat(m.getLong("big", 0)).isEqualTo(9_000_000_000L);
    assertThat(m.getBoolean("enabled", false)).isTrue();
    assertThat(m.getBoolean("off", true)).isFalse();
    assertThat(m.getBoolean("yes", false)).isTrue();
    assertThat(m.getDuration("timeout", Duration.ZERO)).isEqualTo(Duration.ofSeconds(90));
    assertThat(m.getDuration("plainSeconds", Duration.ZERO)).isEqualTo(Duration.ofSeconds(10));
    assertThat(m.getDuration("iso", Duration.ZERO)).isEqualTo(Duration.ofSeconds(2));
    assertThat(m.getDuration("missing", Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
    m.validate();
  }

  @Test
  void collectsEveryProblemIntoOneExceptionNamingFieldAndLine() {
    ComponentMetadata m =
        metadata(
            field("maxRetries", "three", 9),
            field("enableTLS", "maybe", 10),
            field("timeout", "5x", 11),
            field("poolSize", "3000000000", 12),
            field("hugeTimeout", "3000000h", 13));
    assertThat(m.getInt("maxRetries", 3)).isEqualTo(3);
    assertThat(m.getBoolean("enableTLS", false)).isFalse();
    assertThat(m.getDuration("timeout", Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(1));
    assertThat(m.getInt("poolSize", 5)).isEqualTo(5);
    assertThat(m.getDuration("hugeTimeout", Duration.ZERO)).isEqualTo(Duration.ZERO);
    assertThat(m.requireString("redisHost")).isEmpty();

    ConfigurationException e = catchThrowableOfType(ConfigurationException.class, m::validate);

    assertThat(e.problems()).hasSize(6);
    assertThat(e.problems().get(0))
        .startsWith(OWNER)
        .contains("'maxRetries'", "(line 9)", "an integer", "'three'");
    assertThat(e.problems().get(1)).contains("'enableTLS'", "(line 10)", "a boolean", "'maybe'");
    assertThat(e.problems().get(2)).contains("'timeout'", "(line 11)", "a duration", "'5x'");
    assertThat(e.problems().get(3)).contains("'poolSize'", "(line 12)", "an integer");
    assertThat(e.problems().get(4)).contains("'hugeTimeout'", "(line 13)", "a duration");
    assertThat(e.problems().get(5)).contains("'redisHost'", "is required");
    assertThat(e.getMessage()).isEqualTo(String.join("\n", e.problems()));
  }

  @Test
  void providerProblemsJoinTheSameReport() {
    ComponentMetadata m = metadata(field("a", "x", 1));
    m.addProblem("'a' and 'b' exclude each other");
    assertThatThrownBy(m::validate)
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(OWNER + ": 'a' and 'b' exclude each other");
  }

  @Test
  void neverPrintsSecretValues() {
    ComponentMetadata m =
        metadata(
            new MetadataField("redisPassword", "hunter2", true, 8),
            new MetadataField("maxRetries", "s3cr3t", true, 9));
    assertThat(m.getInt("maxRetries", 1)).isEqualTo(1);
    assertThat(m.isSecret("REDISPASSWORD")).isTrue();
    assertThat(m.isSecret("maxRetries")).isTrue();
    assertThat(m.isSecret("other")).isFalse();

    ConfigurationException e = catchThrowableOfType(ConfigurationException.class, m::validate);
    assertThat(e.getMessage()).contains("'maxRetries'", "(line 9)", "a secret value");
    assertThat(e.getMessage()).doesNotContain("s3cr3t");
    assertThat(m.toString()).contains("redisPassword").doesNotContain("hunter2", "s3cr3t");
    assertThat(new MetadataField("redisPassword", "hunter2", true, 8).toString())
        .isEqualTo("redisPassword=***");
  }

  @Test
  void validatePassesWithoutProblemsAndViewOfPlainMapWorks() {
    ComponentMetadata m = ComponentMetadata.of(OWNER, Map.of("keyPrefix", "none"));
    assertThat(m.getString("KEYPREFIX")).contains("none");
    assertThat(m.isSecret("keyPrefix")).isFalse();
    m.validate();
  }
}
