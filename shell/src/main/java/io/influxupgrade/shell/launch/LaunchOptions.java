package io.influxupgrade.shell.launch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The global options, parsed before Spring starts (so that {@code --version} and usage errors are fast),
 * and what mode follows from them: one command, a batch file, a stdin batch, or the REPL.
 */
public record LaunchOptions(Path home, String session, Format format, boolean noColor, Path script, boolean keepGoing,
                            boolean stdinBatch, List<String> command, boolean demo, String demoLayout, Path demoDir,
                            boolean version, boolean help, boolean interactive, boolean wide) {

    public enum Format { TEXT, JSON }

    public enum Mode { COMMAND, SCRIPT, STDIN, INTERACTIVE }

    public Mode mode() {
        if (script != null) {
            return Mode.SCRIPT;
        }
        if (!command.isEmpty()) {
            return Mode.COMMAND;
        }
        return stdinBatch && !interactive ? Mode.STDIN : Mode.INTERACTIVE;
    }

    public boolean json() {
        return format == Format.JSON;
    }

    /** Thrown for a bad global option; Main prints it and exits 2. */
    public static final class UsageError extends RuntimeException {
        public UsageError(String message) {
            super(message);
        }
    }

    public static final String USAGE = """
            Usage: influx-upgrade [GLOBAL OPTIONS] [COMMAND [ARGS...]]

            Guides an InfluxDB 0.10–1.3 → 1.4 upgrade: sessions, backups, restores, config diff, verification.
            With no command it opens the interactive shell (on a terminal) or reads a batch from stdin.

            Global options:
              --home DIR            where sessions, history and logs live (default $INFLUX_UPGRADE_HOME or ~/.influx-upgrade)
              --session NAME        open this session instead of the last one
              --format text|json    tables for people (default) or one JSON object per command
              --no-color            no colours (also NO_COLOR=1 or a dumb terminal)
              --wide                tables keep one line per row (default: they fit the terminal, 100 columns in a pipe)
              --script FILE         run a batch file: one command per line, '#' comments; stops at the first failure
              --keep-going          in a batch, run every line and exit with the worst code
              --demo                open a demo sandbox (see 'help demo create')
              --layout 0.11|1.3     with --demo: which old installation to imitate (default 0.11)
              --dir DIR             with --demo: where to build the sandbox (default a temp dir)
              --interactive, -i     open the interactive shell even when stdin is not a terminal
              --version             print the version and exit
              --help                print this help and exit

            Exit codes: 0 ok, 1 internal error, 2 usage, 3 not ready, 4 check or verification failed, 5 unavailable.
            Type 'help' in the shell for the commands, 'help COMMAND' for one with an example.
            """;

    /** Parses global options up to the first word that is not one; the rest is the command. */
    public static LaunchOptions parse(String[] args, java.util.Map<String, String> env, boolean stdinIsTerminal) {
        Path home = null;
        String session = null;
        Format format = Format.TEXT;
        boolean noColor = env.containsKey("NO_COLOR") && !env.get("NO_COLOR").isEmpty();
        boolean wide = false;
        Path script = null;
        boolean keepGoing = false;
        boolean demo = false;
        String layout = null;
        Path demoDir = null;
        boolean version = false;
        boolean help = false;
        boolean interactive = false;
        List<String> command = new ArrayList<>();
        int i = 0;
        for (; i < args.length; i++) {
            String a = args[i];
            String name = a;
            String inline = null;
            if (a.startsWith("--") && a.contains("=")) {
                name = a.substring(0, a.indexOf('='));
                inline = a.substring(a.indexOf('=') + 1);
            }
            switch (name) {
                case "--home" -> {
                    home = Path.of(value(args, i, inline, name));
                    i += inline == null ? 1 : 0;
                }
                case "--session" -> {
                    session = value(args, i, inline, name);
                    i += inline == null ? 1 : 0;
                }
                case "--format" -> {
                    String f = value(args, i, inline, name);
                    i += inline == null ? 1 : 0;
                    format = switch (f) {
                        case "text" -> Format.TEXT;
                        case "json" -> Format.JSON;
                        default -> throw new UsageError("--format takes text or json, not '" + f + "'");
                    };
                }
                case "--no-color", "--no-colour" -> noColor = true;
                case "--wide" -> wide = true;
                case "--script" -> {
                    script = Path.of(value(args, i, inline, name));
                    i += inline == null ? 1 : 0;
                }
                case "--keep-going" -> keepGoing = true;
                case "--demo" -> demo = true;
                case "--layout" -> {
                    layout = value(args, i, inline, name);
                    i += inline == null ? 1 : 0;
                }
                case "--dir" -> {
                    demoDir = Path.of(value(args, i, inline, name));
                    i += inline == null ? 1 : 0;
                }
                case "--version" -> version = true;
                case "--interactive", "-i" -> interactive = true;
                case "--help", "-h" -> help = true;
                default -> {
                    if (a.startsWith("-")) {
                        throw new UsageError("unknown global option '" + a + "' (see --help)");
                    }
                }
            }
            if (!a.startsWith("-")) {
                break;
            }
        }
        for (; i < args.length; i++) {
            command.add(args[i]);
        }
        if (home == null) {
            String envHome = env.get("INFLUX_UPGRADE_HOME");
            home = envHome != null && !envHome.isBlank() ? Path.of(envHome)
                    : Path.of(System.getProperty("user.home"), ".influx-upgrade");
        }
        if ("dumb".equals(env.get("TERM"))) {
            noColor = true;
        }
        if (layout != null && !layout.equals("0.11") && !layout.equals("1.3")) {
            throw new UsageError("--layout takes 0.11 or 1.3, not '" + layout + "'");
        }
        boolean stdinBatch = script == null && command.isEmpty() && !stdinIsTerminal;
        return new LaunchOptions(home.toAbsolutePath().normalize(), session, format, noColor, script, keepGoing,
                stdinBatch, List.copyOf(command), demo, layout, demoDir, version, help, interactive, wide);
    }

    private static String value(String[] args, int i, String inline, String name) {
        if (inline != null) {
            return inline;
        }
        if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
            throw new UsageError(name + " needs a value (see --help)");
        }
        return args[i + 1];
    }
}
