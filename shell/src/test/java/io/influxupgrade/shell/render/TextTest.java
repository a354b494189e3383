package io.influxupgrade.shell.render;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TextTest {

    @Test
    void visibleLengthIgnoresEscapeCodesAndCountsCodePoints() {
        Style on = new Style(true);
        assertThat(Style.visibleLength("shard")).isEqualTo(5);
        assertThat(Style.visibleLength(on.error("shard"))).isEqualTo(5);
        assertThat(Style.visibleLength(on.bold("a") + "b" + on.warn("cd"))).isEqualTo(4);
        assertThat(Style.visibleLength("\uD83D\uDE00x")).as("one emoji, one letter").isEqualTo(2);
        assertThat(Style.visibleLength("")).isZero();
    }

    @Test
    void tablesAlignColumnsRightWhenEveryCellIsANumber() {
        Text t = new Text(new Style(false));
        t.table(List.of("ID", "DB", "SIZE"), List.of(List.of("7", "telegraf", "6.5 KiB"), List.of("12", "db", "-"),
                List.of("100", "x", "1,024 B")));
        assertThat(t.render()).isEqualTo("""
                 ID  DB           SIZE
                  7  telegraf  6.5 KiB
                 12  db              -
                100  x         1,024 B
                """);
    }

    @Test
    void styledCellsAreAlignedByWhatIsShown() {
        Style on = new Style(true);
        Text t = new Text(on);
        t.table(List.of("ENGINE", "N"), List.of(List.of(on.error("b1"), "1"), List.of("tsm1", "22")));
        String[] lines = t.render().split("\n");
        assertThat(lines).hasSize(3);
        assertThat(Style.visibleLength(lines[1])).isEqualTo(Style.visibleLength(lines[2]));
        assertThat(lines[1]).startsWith(on.error("b1") + "    ");
        assertThat(lines[2]).isEqualTo("tsm1    22");
    }

    @Test
    void aColumnWithAnyWordIsLeftAligned() {
        Text t = new Text(new Style(false));
        t.table(List.of("VALUE"), List.of(List.of("1"), List.of("many")));
        assertThat(t.render()).isEqualTo("VALUE\n1\nmany\n");
    }

    /** Issue 15 item 9: tables fit the width, wrapping the last column; fixed columns are clipped only when needed. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {40, 80, 100, 200})
    void tablesFitTheWidthWrappingTheLastColumn(int width) {
        String longText = "a finding whose message goes on and on, naming paths like /var/lib/influxdb/data/telegraf/autogen/12 "
                + "and the fix that follows it: run 'perms fix' then 'check' again ü😀";
        Text t = new Text(new Style(true), width);
        t.table(java.util.List.of("SEVERITY", "ID", "FINDING"), java.util.List.of(
                java.util.List.of(new Style(true).error("ERROR"), "meta.raft-db-present", longText),
                java.util.List.of("NOTICE", "x", "short"),
                java.util.List.of("WARNING", "a-very-long-identifier-that-is-wider-than-anything-else-in-this-table", longText)));
        String[] lines = t.render().split("\n");
        for (String l : lines) {
            assertThat(Style.visibleLength(l)).as("width " + width + ": " + l).isLessThanOrEqualTo(width);
        }
        String plain = Style.strip(t.render()).replaceAll("\\s+", " ");
        assertThat(plain).as("every word of the wrapped column is still there").contains("then 'check' again ü😀");
        Text wide = new Text(new Style(false), 0);
        wide.table(java.util.List.of("A", "B"), java.util.List.of(java.util.List.of("x", longText)));
        assertThat(wide.render().split("\n")).hasSize(2);
        Text empty = new Text(new Style(false), width);
        empty.table(java.util.List.of("A", "B"), java.util.List.of());
        assertThat(empty.render()).isEqualTo("A  B\n");
    }

    /** Narrowing takes the columns of many short words first: a timestamp stays on one line when it can. */
    @Test
    void wordsStayWholeWhenOtherColumnsCanNarrow() {
        Text t = new Text(new Style(false), 60);
        String stamp = "2026-12-06T04:41:15.289150934Z";
        t.table(List.of("STATE", "NOTE"), List.of(List.of("DELETED " + stamp, "what happened to this group, in short words")));
        String out = t.render();
        assertThat(out).contains(stamp);
        for (String l : out.split("\n")) {
            assertThat(l.length()).isLessThanOrEqualTo(60);
        }
    }
}
