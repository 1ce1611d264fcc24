package dev.plumb.api.crypto;

import dev.plumb.api.InvalidRequestException;
import java.util.Objects;

/**
 * How to encrypt a document with the {@code dapr.io/enc/v1} scheme: which key wraps the file key
 * and how, which cipher encrypts the payload, and which key name the document records for
 * decryption. Immutable; build with {@link #builder(String, KeyWrapAlgorithm)}.
 */
public final class EncryptOptions {
  private final String keyName;
  private final KeyWrapAlgorithm keyWrapAlgorithm;
  private final DataEncryptionCipher dataEncryptionCipher;
  private final boolean omitDecryptionKeyName;
  private final String decryptionKeyName;

  private EncryptOptions(Builder b) {
    this.keyName = b.keyName;
    this.keyWrapAlgorithm = b.keyWrapAlgorithm;
    this.dataEncryptionCipher = b.dataEncryptionCipher;
    this.omitDecryptionKeyName = b.omitDecryptionKeyName;
    this.decryptionKeyName = b.decryptionKeyName;
  }

  /**
   * Returns a builder for the two required options; the rest default to AES-GCM and recording the
   * key name in the document.
   *
   * @param keyName the key that wraps the file key ({@code name} or {@code name/version}); not
   *     empty
   * @param keyWrapAlgorithm how it wraps it
   * @return the builder
   * @throws InvalidRequestException if {@code keyName} is empty
   */
  public static Builder builder(String keyName, KeyWrapAlgorithm keyWrapAlgorithm) {
    return new Builder().keyName(keyName).keyWrapAlgorithm(keyWrapAlgorithm);
  }

  /**
   * Returns options with the defaults for everything but the key.
   *
   * @param keyName the key that wraps the file key; not empty
   * @param keyWrapAlgorithm how it wraps it
   * @return the options
   * @throws InvalidRequestException if {@code keyName} is empty
   */
  public static EncryptOptions of(String keyName, KeyWrapAlgorithm keyWrapAlgorithm) {
    return builder(keyName, keyWrapAlgorithm).build();
  }

  /**
   * Returns a builder holding these options.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.keyName = keyName;
    b.keyWrapAlgorithm = keyWrapAlgorithm;
    b.dataEncryptionCipher = dataEncryptionCipher;
    b.omitDecryptionKeyName = omitDecryptionKeyName;
    b.decryptionKeyName = decryptionKeyName;
    return b;
  }

  /**
   * Returns the key that wraps the file key.
   *
   * @return {@code name} or {@code name/version}; never empty
   */
  public String keyName() {
    return keyName;
  }

  /**
   * Returns how the file key is wrapped.
   *
   * @return never {@code null}
   */
  public KeyWrapAlgorithm keyWrapAlgorithm() {
    return keyWrapAlgorithm;
  }

  /**
   * Returns the cipher of the payload.
   *
   * @return never {@code null}; {@link DataEncryptionCipher#AES_GCM} by default
   */
  public DataEncryptionCipher dataEncryptionCipher() {
    return dataEncryptionCipher;
  }

  /**
   * Returns whether the document records no key name, so decryption must name the key.
   *
   * @return {@code true} to omit it
   */
  public boolean omitDecryptionKeyName() {
    return omitDecryptionKeyName;
  }

  /**
   * Returns the key name the document records for decryption, if it differs from {@link
   * #keyName()}. Ignored when {@link #omitDecryptionKeyName()}.
   *
   * @return the name, or {@code null} to record {@link #keyName()}
   */
  public String decryptionKeyName() {
    return decryptionKeyName;
  }

  @Override
  public String toString() {
    return "EncryptOptions[keyName="
        + keyName
        + ", keyWrapAlgorithm="
        + keyWrapAlgorithm.daprName()
        + ", dataEncryptionCipher="
        + dataEncryptionCipher.daprName()
        + ", omitDecryptionKeyName="
        + omitDecryptionKeyName
        + ", decryptionKeyName="
        + decryptionKeyName
        + "]";
  }

  /** Builds {@link EncryptOptions}. Not thread-safe. */
  public static final class Builder {
    private String keyName;
    private KeyWrapAlgorithm keyWrapAlgorithm;
    private DataEncryptionCipher dataEncryptionCipher = DataEncryptionCipher.AES_GCM;
    private boolean omitDecryptionKeyName;
    private String decryptionKeyName;

    private Builder() {}

    /**
     * Sets the key that wraps the file key.
     *
     * @param keyName {@code name} or {@code name/version}; not empty
     * @return this builder
     * @throws InvalidRequestException if empty
     */
    public Builder keyName(String keyName) {
      Objects.requireNonNull(keyName, "keyName");
      if (keyName.isEmpty()) {
        throw new InvalidRequestException("missing property 'keyName'");
      }
      this.keyName = keyName;
      return this;
    }

    /**
     * Sets how the file key is wrapped.
     *
     * @param keyWrapAlgorithm not {@code null}
     * @return this builder
     */
    public Builder keyWrapAlgorithm(KeyWrapAlgorithm keyWrapAlgorithm) {
      this.keyWrapAlgorithm = Objects.requireNonNull(keyWrapAlgorithm, "keyWrapAlgorithm");
      return this;
    }

    /**
     * Sets the cipher of the payload.
     *
     * @param dataEncryptionCipher not {@code null}
     * @return this builder
     */
    public Builder dataEncryptionCipher(DataEncryptionCipher dataEncryptionCipher) {
      this.dataEncryptionCipher =
          Objects.requireNonNull(dataEncryptionCipher, "dataEncryptionCipher");
      return this;
    }

    /**
     * Records no key name in the document, or does.
     *
     * @param omitDecryptionKeyName {@code true} to omit it
     * @return this builder
     */
    public Builder omitDecryptionKeyName(boolean omitDecryptionKeyName) {
      this.omitDecryptionKeyName = omitDecryptionKeyName;
      return this;
    }

    /**
     * Sets the key name the document records for decryption.
     *
     * @param decryptionKeyName the name, or {@code null} (or empty) to record the wrapping key's
     * @return this builder
     */
    public Builder decryptionKeyName(String decryptionKeyName) {
      this.decryptionKeyName =
          decryptionKeyName == null || decryptionKeyName.isEmpty() ? null : decryptionKeyName;
      return this;
    }

    /**
     * Builds the options.
     *
     * @return immutable options
     */
    public EncryptOptions build() {
      return new EncryptOptions(this);
    }
  }
}
