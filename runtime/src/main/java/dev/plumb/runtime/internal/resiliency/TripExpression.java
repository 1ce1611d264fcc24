package dev.plumb.runtime.internal.resiliency;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * A circuit breaker's {@code trip} condition. Dapr evaluates a CEL expression over the breaker's
 * counters; Plumb accepts the subset people write: comparisons ({@code > >= < <= == !=}) between
 * the five counters and integer literals, combined with {@code &&}, {@code ||} and parentheses.
 * Anything else is rejected when the resources load, so a policy never silently fails to trip.
 * Immutable and thread-safe.
 */
final class TripExpression {
  /** Dapr's (and gobreaker's) default trip condition. */
  static final String DEFAULT = "consecutiveFailures > 5";

  private static final Map<String, ToLongFunction<Counts>> VARIABLES =
      Map.of(
          "requests", c -> c.requests,
          "totalSuccesses", c -> c.totalSuccesses,
          "totalFailures", c -> c.totalFailures,
          "consecutiveSuccesses", c -> c.consecutiveSuccesses,
          "consecutiveFailures", c -> c.consecutiveFailures);

  private static final String SUPPORTED =
      "supported: comparisons (> >= < <= == !=) of requests, totalSuccesses, totalFailures,"
          + " consecutiveSuccesses, consecutiveFailures and integers, combined with &&, || and"
          + " parentheses";

  private final String text;
  private final Condition condition;

  private TripExpression(String text, Condition condition) {
    this.text = text;
    this.condition = condition;
  }

  /**
   * Parses an expression.
   *
   * @param text the expression
   * @return the parsed expression
   * @throws IllegalArgumentException naming the offending token and what is supported
   */
  static TripExpression parse(String text) {
    Parser p = new Parser(tokenize(text));
    Condition c = p.or();
    if (!p.atEnd()) {
      throw p.error("unexpected '" + p.peek().text + "'");
    }
    return new TripExpression(text, c);
  }

  /**
   * Evaluates the expression.
   *
   * @param counts the breaker's counters
   * @return whether the breaker should open
   */
  boolean test(Counts counts) {
    return condition.test(counts);
  }

  @Override
  public String toString() {
    return text;
  }

  private interface Condition {
    boolean test(Counts counts);
  }

  private enum Kind {
    IDENT,
    INT,
    OP,
    LPAREN,
    RPAREN
  }

  private record Token(Kind kind, String text, int column) {}

  private static List<Token> tokenize(String s) {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char ch = s.charAt(i);
      int start = i;
      if (Character.isWhitespace(ch)) {
        i++;
      } else if (Character.isLetter(ch) || ch == '_') {
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
          i++;
        }
        tokens.add(new Token(Kind.IDENT, s.substring(start, i), start + 1));
      } else if (Character.isDigit(ch) || (ch == '-' && i + 1 < s.length() && isDigit(s, i + 1))) {
        i++;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
          i++;
        }
        tokens.add(new Token(Kind.INT, s.substring(start, i), start + 1));
      } else if (ch == '(') {
        tokens.add(new Token(Kind.LPAREN, "(", ++i));
      } else if (ch == ')') {
        tokens.add(new Token(Kind.RPAREN, ")", ++i));
      } else {
        String two = i + 1 < s.length() ? s.substring(i, i + 2) : "";
        if (List.of("&&", "||", ">=", "<=", "==", "!=").contains(two)) {
          tokens.add(new Token(Kind.OP, two, start + 1));
          i += 2;
        } else if (ch == '>' || ch == '<') {
          tokens.add(new Token(Kind.OP, String.valueOf(ch), start + 1));
          i++;
        } else {
          throw new IllegalArgumentException(
              "unexpected '" + ch + "' at column " + (start + 1) + "; " + SUPPORTED);
        }
      }
    }
    return tokens;
  }

  private static boolean isDigit(String s, int i) {
    return Character.isDigit(s.charAt(i));
  }

  private static final class Parser {
    private final List<Token> tokens;
    private int pos;

    Parser(List<Token> tokens) {
      this.tokens = tokens;
      if (tokens.isEmpty()) {
        throw new IllegalArgumentException("empty expression; " + SUPPORTED);
      }
    }

    boolean atEnd() {
      return pos >= tokens.size();
    }

    Token peek() {
      return tokens.get(pos);
    }

    boolean accept(Kind kind, String tokenText) {
      if (!atEnd() && peek().kind == kind && peek().text.equals(tokenText)) {
        pos++;
        return true;
      }
      return false;
    }

    IllegalArgumentException error(String what) {
      String at = atEnd() ? "at the end" : "at column " + peek().column;
      return new IllegalArgumentException(what + " " + at + "; " + SUPPORTED);
    }

    Condition or() {
      Condition left = and();
      while (accept(Kind.OP, "||")) {
        Condition l = left;
        Condition r = and();
        left = c -> l.test(c) || r.test(c);
      }
      return left;
    }

    Condition and() {
      Condition left = atom();
      while (accept(Kind.OP, "&&")) {
        Condition l = left;
        Condition r = atom();
        left = c -> l.test(c) && r.test(c);
      }
      return left;
    }

    Condition atom() {
      if (accept(Kind.LPAREN, "(")) {
        Condition inner = or();
        if (!accept(Kind.RPAREN, ")")) {
          throw error("expected ')'");
        }
        return inner;
      }
      ToLongFunction<Counts> left = operand();
      if (atEnd()
          || peek().kind != Kind.OP
          || peek().text.equals("&&")
          || peek().text.equals("||")) {
        throw error("expected a comparison operator");
      }
      String op = tokens.get(pos++).text;
      ToLongFunction<Counts> right = operand();
      switch (op) {
        case ">":
          return c -> left.applyAsLong(c) > right.applyAsLong(c);
        case ">=":
          return c -> left.applyAsLong(c) >= right.applyAsLong(c);
        case "<":
          return c -> left.applyAsLong(c) < right.applyAsLong(c);
        case "<=":
          return c -> left.applyAsLong(c) <= right.applyAsLong(c);
        case "==":
          return c -> left.applyAsLong(c) == right.applyAsLong(c);
        default:
          return c -> left.applyAsLong(c) != right.applyAsLong(c);
      }
    }

    ToLongFunction<Counts> operand() {
      if (atEnd()) {
        throw error("expected a counter or an integer");
      }
      Token t = peek();
      if (t.kind == Kind.INT) {
        long value;
        try {
          value = Long.parseLong(t.text);
        } catch (NumberFormatException e) {
          throw error("integer '" + t.text + "' out of range");
        }
        pos++;
        return c -> value;
      }
      if (t.kind == Kind.IDENT) {
        ToLongFunction<Counts> variable = VARIABLES.get(t.text);
        if (variable == null) {
          throw error("unknown name '" + t.text + "'");
        }
        pos++;
        return variable;
      }
      throw error("expected a counter or an integer, got '" + t.text + "'");
    }
  }
}
