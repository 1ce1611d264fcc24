package dev.plumb.bindings.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PositionalSqlTest {
  @Test
  void placeholdersBecomeQuestionMarksInTheirOrder() {
    PositionalSql s = PositionalSql.of("insert into t (a, b, c) values ($2, $1, $2)");
    assertThat(s.jdbc()).isEqualTo("insert into t (a, b, c) values (?, ?, ?)");
    assertThat(s.order()).containsExactly(2, 1, 2);
  }

  @Test
  void quotedTextCommentsAndDollarStringsAreLeftAlone() {
    PositionalSql s =
        PositionalSql.of(
            "select '$1 it''s', \"col$1\", $tag$ $2 ? $tag$, $$ $3 $$, a$1 -- $4 ?\n"
                + " /* $5 /* ? */ */ from t where x = $1");
    assertThat(s.jdbc())
        .isEqualTo(
            "select '$1 it''s', \"col$1\", $tag$ $2 ? $tag$, $$ $3 $$, a$1 -- $4 ?\n"
                + " /* $5 /* ? */ */ from t where x = ?");
    assertThat(s.order()).containsExactly(1);
  }

  @Test
  void aLiteralQuestionMarkIsEscapedForTheDriver() {
    PositionalSql s = PositionalSql.of("select doc ? 'key' from t where id = $1");
    assertThat(s.jdbc()).isEqualTo("select doc ?? 'key' from t where id = ?");
  }
}
