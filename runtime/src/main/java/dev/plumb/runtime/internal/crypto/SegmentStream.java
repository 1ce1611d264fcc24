package dev.plumb.runtime.internal.crypto;

import dev.plumb.api.crypto.CryptoException;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;

/**
 * Encrypts or decrypts a {@code dapr.io/enc/v1} payload as it is read, one segment at a time, as
 * dapr/kit's {@code processSegments}: it reads a whole segment plus one byte, and the extra byte
 * tells whether the segment is the last. Memory is two segment buffers, whatever the stream's size.
 * A decrypted segment is handed out only after its tag verifies. Not thread-safe (an {@link
 * InputStream}).
 */
final class SegmentStream extends InputStream {
  private static final long MAX_SEGMENTS = 1L << 32;

  private final InputStream source;
  private final FileKey key;
  private final boolean encrypt;
  private final String component;
  private final Cipher cipher;
  private final byte[] nonce = new byte[12];
  private final int inSize;
  private final byte[] in;
  private final byte[] out;
  private final byte[] prefix;
  private final int maxOutput;
  private int prefixPos;
  private int outPos;
  private int outEnd;
  private long segment;
  private boolean carry;
  private boolean done;
  private IOException failed;

  /**
   * Creates the stream.
   *
   * @param source plaintext (encrypt) or the ciphertext after the header (decrypt)
   * @param key the file key
   * @param encrypt whether to encrypt
   * @param prefix bytes to hand out first (the header when encrypting); may be empty
   * @param component the component's name, for messages
   */
  SegmentStream(InputStream source, FileKey key, boolean encrypt, byte[] prefix, String component) {
    this.source = Objects.requireNonNull(source, "source");
    this.key = key;
    this.encrypt = encrypt;
    this.prefix = prefix;
    this.component = component;
    this.cipher = key.newCipher();
    this.inSize = encrypt ? EncV1.SEGMENT_SIZE : EncV1.SEGMENT_SIZE + EncV1.TAG_SIZE;
    this.in = new byte[inSize + 1];
    this.out = new byte[EncV1.SEGMENT_SIZE + EncV1.TAG_SIZE];
    this.maxOutput = encrypt ? EncV1.SEGMENT_SIZE + EncV1.TAG_SIZE : EncV1.SEGMENT_SIZE;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    if (prefixPos < prefix.length) {
      int n = Math.min(len, prefix.length - prefixPos);
      System.arraycopy(prefix, prefixPos, b, off, n);
      prefixPos += n;
      return n;
    }
    while (outPos == outEnd) {
      if (len >= maxOutput) {
        // Seal or open the next segment straight into the caller's array: one copy fewer.
        int n = fill(b, off);
        if (n != 0) {
          return n;
        }
        continue; // A segment of no plaintext (only a forged one can be): read on.
      }
      int n = fill(out, 0);
      if (n < 0) {
        return -1;
      }
      outPos = 0;
      outEnd = n;
    }
    int n = Math.min(len, outEnd - outPos);
    System.arraycopy(out, outPos, b, off, n);
    outPos += n;
    return n;
  }

  @Override
  public int available() {
    return (prefix.length - prefixPos) + (outEnd - outPos);
  }

  /**
   * Processes the next segment into {@code dst} (room for {@link #maxOutput} bytes).
   *
   * @return the bytes written, or -1 at the end
   */
  private int fill(byte[] dst, int dstOff) throws IOException {
    if (failed != null) {
      throw failed;
    }
    if (done) {
      return -1;
    }
    int n = 0;
    if (carry) {
      n = 1; // in[0] already holds the byte read ahead.
      carry = false;
    }
    while (n < inSize + 1) {
      int r = source.read(in, n, inSize + 1 - n);
      if (r < 0) {
        break;
      }
      n += r;
    }
    boolean last;
    int written;
    byte carried = 0;
    if (n > inSize) {
      carried = in[inSize];
      n = inSize;
      last = false;
    } else {
      last = true;
      done = true;
    }
    if (n == 0) {
      if (segment != 0) {
        throw fail(new IOException("unexpected end of stream"));
      }
      return -1; // An empty document has no segment.
    }
    try {
      key.init(cipher, encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, nonce, segment, last);
      written = cipher.doFinal(in, 0, n, dst, dstOff);
    } catch (AEADBadTagException e) {
      throw fail(
          new IOException(
              new CryptoException(
                  "crypto component "
                      + component
                      + ": decrypt: failed to decrypt segment "
                      + segment
                      + " (the document was altered or truncated, or the key is wrong)")));
    } catch (GeneralSecurityException e) {
      throw fail(
          new IOException(
              new CryptoException(
                  "crypto component "
                      + component
                      + (encrypt ? ": encrypt" : ": decrypt")
                      + ": error processing segment "
                      + segment
                      + ": "
                      + e.getClass().getSimpleName(),
                  e)));
    }
    if (!last) {
      if (segment + 1 >= MAX_SEGMENTS) {
        throw fail(
            new IOException(
                new CryptoException(
                    "crypto component " + component + ": input stream is too large")));
      }
      in[0] = carried;
      carry = true;
    }
    segment++;
    return written;
  }

  private IOException fail(IOException e) {
    failed = e;
    done = true;
    return e;
  }

  @Override
  public void close() throws IOException {
    done = true;
    source.close();
  }

  @Override
  public String toString() {
    return "SegmentStream[" + (encrypt ? "encrypt" : "decrypt") + ", segment " + segment + "]";
  }
}
