package dev.plumb.runtime.internal.resources;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Finds the known name closest to a misspelt one, for "did you mean" hints. Stateless. */
public final class Suggestions {
  private Suggestions() {}

  /**
   * Returns the candidate closest to a name, ignoring case, if it is close enough to be a typo: at
   * most one edit for names up to 4 characters, at most two up to 12, at most three beyond. An edit
   * inserts, deletes or replaces one character, or swaps two neighbours.
   *
   * @param name the name as written
   * @param candidates the known names
   * @return the closest candidate (the first of equally close ones), or empty
   */
  public static Optional<String> closest(String name, Collection<String> candidates) {
    String n = name.toLowerCase(Locale.ROOT);
    int limit = n.length() <= 4 ? 1 : n.length() <= 12 ? 2 : 3;
    String best = null;
    int bestDistance = limit + 1;
    for (String c : candidates) {
      int d = distance(n, c.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    return Optional.ofNullable(best);
  }

  /** Optimal string alignment distance: Levenshtein plus swaps of adjacent characters. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
