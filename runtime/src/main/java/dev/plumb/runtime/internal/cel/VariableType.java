package dev.plumb.runtime.internal.cel;

/** The type a {@link CelEngine} variable is declared with, and the Java values it takes. */
public enum VariableType {
  /** A CEL {@code int}: a {@link Long} (or {@link Integer}). */
  INT,
  /**
   * A CEL {@code map(string, dyn)}, as Dapr's routing rules see a CloudEvent: a {@code Map} from
   * strings to JSON values, built with {@link CelEngine#fromJson}. Java {@code null}s and numbers
   * other than {@link Long}, {@link Integer} and {@link Double} (such as {@code BigDecimal}) fail
   * evaluation.
   */
  MAP
}
