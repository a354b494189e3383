package io.influxupgrade.commands;

import java.util.Locale;

/** The two shapes most option words take: a whole number from 1, or one of an enum's names in lower case. */
public final class OptionWords {

    private OptionWords() {
    }

    /** {@code word} as a whole number of at least 1; anything else is a usage error saying {@code usage}. */
    public static long positive(String word, String usage) {
        try {
            long n = Long.parseLong(word.strip());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // worded below
        }
        throw UpgradeException.usage(usage);
    }

    /** The constant of {@code type} whose lower-case name is {@code word}; anything else is a usage error saying {@code usage}. */
    public static <E extends Enum<E>> E lowerCase(Class<E> type, String word, String usage) {
        for (E e : type.getEnumConstants()) {
            if (word(e).equals(word.strip())) {
                return e;
            }
        }
        throw UpgradeException.usage(usage);
    }

    /** An enum constant as the command line writes it. */
    public static String word(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
