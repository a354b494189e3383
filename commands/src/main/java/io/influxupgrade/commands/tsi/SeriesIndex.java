package io.influxupgrade.commands.tsi;

import io.influxupgrade.commands.OptionWords;

/** The series index a 1.x shard opens with, as {@code tsi convert --index} names it: tsi1 (on disk) or inmem (built at start). */
public enum SeriesIndex {
    TSI1, INMEM;

    /** The word used on the command line, in the config ({@code index-version}) and in reports. */
    public String word() {
        return OptionWords.word(this);
    }

    /** Parses an option word; anything else is a usage error. */
    public static SeriesIndex parse(String word) {
        return OptionWords.lowerCase(SeriesIndex.class, word, "tsi convert: --index takes tsi1 or inmem, not '" + word + "'");
    }
}
