package dev.plumb.bindings.postgresql;

import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL's {@code $1}, {@code $2} placeholders (what Dapr's pgx takes) as JDBC's {@code ?}:
 * each placeholder outside quotes, identifiers, dollar-quoted strings and comments becomes a {@code
 * ?} bound to that parameter (a number may repeat or come out of order), and a literal {@code ?} (a
 * jsonb operator) becomes {@code ??}, the driver's escape for it.
 *
 * @param jdbc the statement for {@code prepareStatement}
 * @param order for each {@code ?}, the 1-based {@code $n} it stands for
 */
record PositionalSql(String jdbc, int[] order) {

  static PositionalSql of(String sql) {
    StringBuilder out = new StringBuilder(sql.length() + 8);
    List<Integer> order = new ArrayList<>();
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"') {
        int end = closing(sql, i + 1, c);
        out.append(sql, i, end);
        i = end;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int end = sql.indexOf('\n', i);
        end = end < 0 ? n : end;
        out.append(sql, i, end);
        i = end;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int end = blockComment(sql, i);
        out.append(sql, i, end);
        i = end;
      } else if (c == '$') {
        int j = i + 1;
        while (j < n && Character.isDigit(sql.charAt(j))) {
          j++;
        }
        if (j > i + 1 && !identifierBefore(sql, i)) {
          order.add(Integer.parseInt(sql.substring(i + 1, j)));
          out.append('?');
          i = j;
        } else {
          int end = dollarQuoted(sql, i);
          out.append(sql, i, end);
          i = end;
        }
      } else if (c == '?') {
        out.append("??");
        i++;
      } else {
        out.append(c);
        i++;
      }
    }
    return new PositionalSql(out.toString(), order.stream().mapToInt(Integer::intValue).toArray());
  }

  /** The index after the quote closing one opened just before {@code from}; doubled quotes stay. */
  private static int closing(String sql, int from, char quote) {
    int i = from;
    while (i < sql.length()) {
      if (sql.charAt(i) == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return sql.length();
  }

  private static int blockComment(String sql, int from) {
    int depth = 0;
    int i = from;
    while (i < sql.length() - 1) {
      if (sql.startsWith("/*", i)) {
        depth++;
        i += 2;
      } else if (sql.startsWith("*/", i)) {
        depth--;
        i += 2;
        if (depth == 0) {
          return i;
        }
      } else {
        i++;
      }
    }
    return sql.length();
  }

  /** A {@code $tag$ ... $tag$} string starting at {@code from}, or just the {@code $}. */
  private static int dollarQuoted(String sql, int from) {
    int close = sql.indexOf('$', from + 1);
    if (close < 0) {
      return from + 1;
    }
    String tag = sql.substring(from, close + 1);
    if (!tag.matches("\\$([A-Za-z_][A-Za-z_0-9]*)?\\$")) {
      return from + 1;
    }
    int end = sql.indexOf(tag, close + 1);
    return end < 0 ? sql.length() : end + tag.length();
  }

  /** {@code $} inside an identifier ({@code a$1}) is part of the name, as in PostgreSQL. */
  private static boolean identifierBefore(String sql, int i) {
    if (i == 0) {
      return false;
    }
    char p = sql.charAt(i - 1);
    return Character.isLetterOrDigit(p) || p == '_';
  }
}
