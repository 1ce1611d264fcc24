package dev.plumb.state.redis;

import dev.plumb.testkit.workflow.WorkflowReplicasScenario;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/** Two JVMs of one application on one Redis, one killed: all complete, none on two owners. */
class RedisWorkflowReplicasIT {

  @Test
  void theSurvivorFinishesEveryWorkflowAndNoInstanceRanOnTwoOwnersAtOnce(@TempDir Path dir)
      throws Exception {
    try (RedisTestSupport.PrivateRedis server = new RedisTestSupport.PrivateRedis();
        JedisPooled raw = new JedisPooled("127.0.0.1", server.port)) {
      WorkflowReplicasScenario.run(
          "state.redis",
          "v1",
          Map.of("redisHost", "127.0.0.1:" + server.port),
          dir,
          1_000,
          app -> stepEpochs(raw, app));
    }
  }

  /** The native store's history lists: {@code plumb-wf||{<app>}||h||<id>}, one step each. */
  private static Map<String, List<Long>> stepEpochs(JedisPooled raw, String app) {
    String prefix = "plumb-wf||{" + app + "}||h||";
    Map<String, List<Long>> out = new TreeMap<>();
    String cursor = ScanParams.SCAN_POINTER_START;
    do {
      ScanResult<String> page = raw.scan(cursor, new ScanParams().match(prefix + "*").count(500));
      for (String key : page.getResult()) {
        List<Long> epochs = new ArrayList<>();
        for (byte[] step : raw.lrange(key.getBytes(StandardCharsets.UTF_8), 0, -1)) {
          epochs.add(RedisWorkflowStore.stepEpoch(step));
        }
        out.put(key.substring(prefix.length()), epochs);
      }
      cursor = page.getCursor();
    } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    return out;
  }
}
