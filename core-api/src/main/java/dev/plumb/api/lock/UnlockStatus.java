package dev.plumb.api.lock;

/** The outcome of an unlock, with Dapr's status codes. */
public enum UnlockStatus {
  /** The lock was held by the owner and is released (0). */
  SUCCESS,
  /** No lock exists for the resource (1). */
  LOCK_DOES_NOT_EXIST,
  /** The lock is held by another owner and stays held (2). */
  LOCK_BELONGS_TO_OTHERS,
  /** The store failed (3). */
  INTERNAL_ERROR;

  /**
   * Returns Dapr's numeric code.
   *
   * @return 0 to 3
   */
  public int code() {
    return ordinal();
  }
}
