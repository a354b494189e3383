package io.influxupgrade.shell.core;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LineTokenizerTest {

    @Test
    void splitsLikeAShell() {
        assertThat(LineTokenizer.split("  query  \"SHOW RETENTION POLICIES ON \\\"my db\\\"\" --db 'it''s'  # comment"))
                .containsExactly("query", "SHOW RETENTION POLICIES ON \"my db\"", "--db", "its");
        assertThat(LineTokenizer.split("a\\ b c#d 'e # f'")).containsExactly("a b", "c#d", "e # f");
        assertThat(LineTokenizer.split("# only a comment")).isEmpty();
        assertThat(LineTokenizer.split("x ''")).containsExactly("x", "");
    }

    @Test
    void joinIsTheInverseOfSplit() {
        List<String> words = List.of("session", "set", "wal-dir", "/a b/c", "o'brien", "", "ünï", "a\"b", "#not-comment");
        assertThat(LineTokenizer.split(LineTokenizer.join(words))).isEqualTo(words);
    }

    @Test
    void reportsOpenQuotes() {
        assertThatThrownBy(() -> LineTokenizer.split("a 'b")).hasMessage("unterminated single quote at column 3");
        assertThatThrownBy(() -> LineTokenizer.split("a \"b")).hasMessage("unterminated double quote at column 3");
        assertThatThrownBy(() -> LineTokenizer.split("a \\")).hasMessage("trailing backslash at column 3");
    }
}
