package dev.plumb.benchmarks.crypto;

import dev.plumb.api.crypto.Cryptography;
import dev.plumb.api.crypto.DecryptOptions;
import dev.plumb.api.crypto.EncryptOptions;
import dev.plumb.api.crypto.KeyWrapAlgorithm;
import dev.plumb.runtime.Plumb;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encrypting and decrypting a 100 MiB stream in Dapr's {@code dapr.io/enc/v1} format with
 * AES-256-GCM: Plumb's {@link Cryptography} ({@code crypto.dapr.localstorage}, A256KW key wrap,
 * header MAC, 64 KiB segments) against a bare JDK {@link Cipher} sealing or opening the same 64 KiB
 * segments with the same nonces, and nothing else. Plaintext is generated as it is read; ciphertext
 * is read from a file (page cache); output goes to a counting sink. The forked JVM has a 64 MiB
 * heap, smaller than the stream: a run that completes shows that memory does not grow with the
 * stream's size. Goal: Plumb's throughput at least 0.90x the bare JDK's.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(
    value = 1,
    jvmArgs = {"-Xms64m", "-Xmx64m"})
public class CryptoStreamBenchmark {
  private static final long SIZE = 100L << 20;
  private static final int SEGMENT = 64 << 10;

  private Path dir;
  private Plumb plumb;
  private Cryptography crypto;
  private EncryptOptions options;
  private Path plumbDocument;
  private Path jdkDocument;
  private final SecretKeySpec jdkKey;
  private final byte[] noncePrefix = new byte[7];

  /** Draws the bare JDK side's key and nonce prefix. */
  public CryptoStreamBenchmark() {
    byte[] k = new byte[32];
    SecureRandom r = new SecureRandom();
    r.nextBytes(k);
    r.nextBytes(noncePrefix);
    jdkKey = new SecretKeySpec(k, "AES");
  }

  /** Writes the key, starts Plumb and encrypts one document per side to decrypt. */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    dir = Files.createTempDirectory("plumb-crypto-bench");
    byte[] kek = new byte[32];
    new SecureRandom().nextBytes(kek);
    Files.writeString(dir.resolve("kek.b64"), Base64.getEncoder().encodeToString(kek));
    plumb =
        Plumb.builder()
            .component("keys", "crypto.dapr.localstorage", Map.of("path", dir.toString()))
            .build();
    crypto = plumb.crypto("keys");
    options = EncryptOptions.of("kek.b64", KeyWrapAlgorithm.A256KW);
    plumbDocument = dir.resolve("plumb.enc");
    try (InputStream in = crypto.encrypt(new Plaintext(SIZE), options);
        OutputStream out = Files.newOutputStream(plumbDocument)) {
      in.transferTo(out);
    }
    jdkDocument = dir.resolve("jdk.enc");
    try (OutputStream out = Files.newOutputStream(jdkDocument)) {
      jdkEncrypt(new Plaintext(SIZE), out);
    }
  }

  /** Stops Plumb and deletes the files. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    plumb.close();
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /**
   * Plumb encrypts 100 MiB.
   *
   * @return the ciphertext's size
   * @throws IOException never (generated input)
   */
  @Benchmark
  public long plumbEncrypt() throws IOException {
    try (InputStream in = crypto.encrypt(new Plaintext(SIZE), options)) {
      return drain(in);
    }
  }

  /**
   * Plumb decrypts 100 MiB.
   *
   * @return the plaintext's size
   * @throws IOException if the file cannot be read
   */
  @Benchmark
  public long plumbDecrypt() throws IOException {
    try (InputStream in =
        crypto.decrypt(Files.newInputStream(plumbDocument), DecryptOptions.DEFAULT)) {
      return drain(in);
    }
  }

  /**
   * The bare JDK seals 100 MiB in the same segments.
   *
   * @return the ciphertext's size
   * @throws Exception never
   */
  @Benchmark
  public long jdkEncrypt() throws Exception {
    Counting out = new Counting();
    jdkEncrypt(new Plaintext(SIZE), out);
    return out.count;
  }

  /**
   * The bare JDK opens 100 MiB in the same segments.
   *
   * @return the plaintext's size
   * @throws Exception if the file cannot be read
   */
  @Benchmark
  public long jdkDecrypt() throws Exception {
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    byte[] in = new byte[SEGMENT + 16];
    byte[] out = new byte[SEGMENT + 16];
    byte[] nonce = new byte[12];
    long total = 0;
    long size = Files.size(jdkDocument);
    long segments = (size + SEGMENT + 15) / (SEGMENT + 16);
    try (InputStream file = Files.newInputStream(jdkDocument)) {
      for (long s = 0; s < segments; s++) {
        int n = file.readNBytes(in, 0, in.length);
        c.init(
            Cipher.DECRYPT_MODE,
            jdkKey,
            new GCMParameterSpec(128, nonce(nonce, s, s == segments - 1)));
        total += c.doFinal(in, 0, n, out, 0);
      }
    }
    return total;
  }

  private void jdkEncrypt(InputStream plaintext, OutputStream sink) throws Exception {
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    byte[] in = new byte[SEGMENT];
    byte[] out = new byte[SEGMENT + 16];
    byte[] nonce = new byte[12];
    long segments = (SIZE + SEGMENT - 1) / SEGMENT;
    for (long s = 0; s < segments; s++) {
      int n = plaintext.readNBytes(in, 0, SEGMENT);
      c.init(
          Cipher.ENCRYPT_MODE,
          jdkKey,
          new GCMParameterSpec(128, nonce(nonce, s, s == segments - 1)));
      sink.write(out, 0, c.doFinal(in, 0, n, out, 0));
    }
  }

  private byte[] nonce(byte[] nonce, long segment, boolean last) {
    System.arraycopy(noncePrefix, 0, nonce, 0, 7);
    nonce[7] = (byte) (segment >>> 24);
    nonce[8] = (byte) (segment >>> 16);
    nonce[9] = (byte) (segment >>> 8);
    nonce[10] = (byte) segment;
    nonce[11] = (byte) (last ? 1 : 0);
    return nonce;
  }

  /** Reads to the end with 128 KiB reads, as a copy to a file or socket would. */
  private static long drain(InputStream in) throws IOException {
    byte[] buf = new byte[2 * SEGMENT];
    long total = 0;
    for (int n; (n = in.read(buf)) > 0; ) {
      total += n;
    }
    return total;
  }

  /** Plaintext made as it is read: a 64 KiB pattern repeated. */
  private static final class Plaintext extends InputStream {
    private static final byte[] PATTERN = new byte[SEGMENT];

    static {
      new SecureRandom().nextBytes(PATTERN);
    }

    private final long size;
    private long pos;

    Plaintext(long size) {
      this.size = size;
    }

    @Override
    public int read() {
      return pos < size ? PATTERN[(int) (pos++ % SEGMENT)] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (pos >= size) {
        return -1;
      }
      int at = (int) (pos % SEGMENT);
      int n = (int) Math.min(Math.min(len, SEGMENT - at), size - pos);
      System.arraycopy(PATTERN, at, b, off, n);
      pos += n;
      return n;
    }
  }

  /** Counts what is written. */
  private static final class Counting extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }
}
