package dev.plumb.state.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.state.spi.DeleteRequest;
import dev.plumb.api.state.spi.GetRequest;
import dev.plumb.api.state.spi.SetRequest;
import dev.plumb.api.state.spi.StateComponent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Issue 8, point 1: when something that is not Redis answers on Redis's port (here an echo server,
 * as a TCP self-connect behaves), no write is acknowledged and no read returns made-up data: every
 * reply is checked against what the command or script must return. Runs on a private redis-server,
 * stopped to free its port.
 */
class UnexpectedRepliesIT {

  @Test
  void noWriteIsAcknowledgedAndNoReadMadeUpWhenAnotherPeerAnswers() throws Exception {
    try (RedisTestSupport.PrivateRedis server = new RedisTestSupport.PrivateRedis()) {
      Map<String, String> md =
          Map.of(
              "redisHost", "127.0.0.1:" + server.port, "dialTimeout", "500ms", "readTimeout", "1s");
      try (StateComponent store = RedisTestSupport.create(md)) {
        store.set(SetRequest.of("k", bytes("v")));
        server.stop();

        try (EchoServer echo = new EchoServer(server.port)) {
          List<Executable> calls =
              List.of(
                  () -> store.set(SetRequest.of("k", bytes("new"))),
                  () -> store.delete(DeleteRequest.of("k")),
                  () -> store.transact(List.of(SetRequest.of("a", bytes("1"))), Map.of()),
                  () -> store.bulkSet(List.of(SetRequest.of("b", bytes("2")))),
                  () -> store.bulkDelete(List.of(DeleteRequest.of("b"))),
                  () -> store.get(GetRequest.of("k")),
                  () -> store.bulkGet(List.of(GetRequest.of("k"), GetRequest.of("a"))));
          for (Executable call : calls) {
            assertThatThrownBy(call::execute)
                .as("a call answered by a peer that is not Redis")
                .isNotInstanceOf(ClassCastException.class)
                .satisfies(e -> assertThat(e.toString()).doesNotContain("ClassCastException"));
          }
          assertThat(echo.connections()).as("the calls reached the peer").isPositive();
        }
      }
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Sends back whatever it receives, on every connection: not Redis, but it answers. */
  private static final class EchoServer implements AutoCloseable {
    private final ServerSocket socket;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private volatile int connections;

    EchoServer(int port) throws IOException {
      socket = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
      threads.execute(this::accept);
    }

    private void accept() {
      while (!socket.isClosed()) {
        try {
          Socket s = socket.accept();
          connections++;
          threads.execute(() -> echo(s));
        } catch (IOException e) {
          return;
        }
      }
    }

    private static void echo(Socket s) {
      try (s;
          InputStream in = s.getInputStream();
          OutputStream out = s.getOutputStream()) {
        in.transferTo(out);
      } catch (IOException e) {
        // the client hung up
      }
    }

    int connections() {
      return connections;
    }

    @Override
    public void close() throws IOException {
      socket.close();
      threads.shutdownNow();
    }
  }
}
