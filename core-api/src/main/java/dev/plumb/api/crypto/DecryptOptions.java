package dev.plumb.api.crypto;

/** How to decrypt a {@code dapr.io/enc/v1} document. Immutable; build with {@link #builder()}. */
public final class DecryptOptions {
  /** Use the key name the document records. */
  public static final DecryptOptions DEFAULT = builder().build();

  private final String keyName;

  private DecryptOptions(Builder b) {
    this.keyName = b.keyName;
  }

  /**
   * Returns a new builder with the defaults.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Decrypts with a named key, whatever the document records.
   *
   * @param keyName {@code name} or {@code name/version}
   * @return the options
   */
  public static DecryptOptions withKeyName(String keyName) {
    return builder().keyName(keyName).build();
  }

  /**
   * Returns a builder holding these options.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.keyName = keyName;
    return b;
  }

  /**
   * Returns the key that unwraps the file key, overriding the one the document records. Required
   * for documents encrypted with {@code omitDecryptionKeyName}.
   *
   * @return the name, or {@code null} to use the document's
   */
  public String keyName() {
    return keyName;
  }

  @Override
  public String toString() {
    return "DecryptOptions[keyName=" + keyName + "]";
  }

  /** Builds {@link DecryptOptions}. Not thread-safe. */
  public static final class Builder {
    private String keyName;

    private Builder() {}

    /**
     * Sets the key that unwraps the file key.
     *
     * @param keyName the name, or {@code null} (or empty) to use the document's
     * @return this builder
     */
    public Builder keyName(String keyName) {
      this.keyName = keyName == null || keyName.isEmpty() ? null : keyName;
      return this;
    }

    /**
     * Builds the options.
     *
     * @return immutable options
     */
    public DecryptOptions build() {
      return new DecryptOptions(this);
    }
  }
}
