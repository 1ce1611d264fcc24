package dev.plumb.common.kafka;

/**
 * Dapr's partitioner (contrib {@code common/component/kafka/partitioner.go} over Sarama's hash
 * partitioner): a record with a key goes to partition {@code |int32(fnv1a32(key)) % n|}, where a
 * Java producer's default would use murmur2, so that Dapr and Plumb publishers put one key on one
 * partition and per-key order holds across them. A provider sets the partition of a keyed record
 * itself and leaves records without a key to the producer's built-in (sticky) partitioning.
 */
public final class DaprPartitioner {
  private static final int FNV_OFFSET = 0x811c9dc5;
  private static final int FNV_PRIME = 0x01000193;

  private DaprPartitioner() {}

  /**
   * Returns the partition Sarama's hash partitioner picks.
   *
   * @param key the key's bytes
   * @param partitions the topic's partition count; positive
   * @return a partition in {@code [0, partitions)}
   */
  public static int partition(byte[] key, int partitions) {
    int p = fnv1a32(key) % partitions;
    return p < 0 ? -p : p;
  }

  /**
   * The 32-bit FNV-1a hash.
   *
   * @param bytes the input
   * @return the hash, as Go's {@code int32(hash.Sum32())}
   */
  static int fnv1a32(byte[] bytes) {
    int h = FNV_OFFSET;
    for (byte b : bytes) {
      h ^= b & 0xff;
      h *= FNV_PRIME;
    }
    return h;
  }
}
