package io.influxupgrade.shell.fast;

import io.influxupgrade.commands.UpgradeException;
import io.influxupgrade.commands.recover.RecoverCommand;
import io.influxupgrade.commands.session.Workspace;
import io.influxupgrade.commands.verify.LiveConnection;
import io.influxupgrade.shell.command.BackupCommands;
import io.influxupgrade.shell.command.ConfigCommands;
import io.influxupgrade.shell.command.DemoCommands;
import io.influxupgrade.shell.command.InterruptedOperationNotice;
import io.influxupgrade.shell.command.MetaCommands;
import io.influxupgrade.shell.command.Passwords;
import io.influxupgrade.shell.command.PermsCommands;
import io.influxupgrade.shell.command.PlanCommands;
import io.influxupgrade.shell.command.PortableBackupCommands;
import io.influxupgrade.shell.command.PreflightChecks;
import io.influxupgrade.shell.command.RecoverCommands;
import io.influxupgrade.shell.command.SessionCommands;
import io.influxupgrade.shell.command.ShardCommands;
import io.influxupgrade.shell.command.ShellCommands;
import io.influxupgrade.shell.command.TsiCommands;
import io.influxupgrade.shell.command.VerifyCommands;
import io.influxupgrade.shell.convert.Converters;
import io.influxupgrade.shell.convert.Refusals;
import io.influxupgrade.shell.core.CommandRunner;
import io.influxupgrade.shell.core.ErrorReporter;
import io.influxupgrade.shell.core.ExitCodes;
import io.influxupgrade.shell.core.Journaled;
import io.influxupgrade.shell.core.Outcomes;
import io.influxupgrade.shell.launch.LaunchObjects;
import io.influxupgrade.shell.launch.LaunchOptions;
import io.influxupgrade.shell.render.Output;
import io.influxupgrade.shell.render.ProgressBars;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.shell.command.annotation.Command;
import org.springframework.shell.command.annotation.CommandAvailability;
import org.springframework.shell.command.annotation.Option;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The start-up path for one command given on the command line ({@code influx-upgrade --format json session list}):
 * runs it without the Spring context, which is most of a start's time (logging system, auto-configuration, JLine
 * terminal, command registration). It reuses the very adapters, engine and renderers of the Spring path: it reads
 * the adapters' {@code @Command}/{@code @Option} annotations, builds each adapter with the same objects
 * ({@link LaunchObjects}, as {@code ShellBeans}), invokes the method and maps the outcome to an exit code as {@code CommandRunner} does.
 * <p>
 * A command that changes the session is saved and journaled exactly as {@code CommandRunner} does it (both call
 * {@link Outcomes#record}). It takes only the plain case and hands everything else, untouched, to the Spring path
 * (returns empty before any side effect): a command that has an availability rule, or whose adapter needs
 * something only the context has (the command runner of {@code next} and {@code recover --run}); an unknown
 * command or option, {@code --option=value}, a missing required option, a value that begins with '-', a value that
 * does not convert, an option given twice. Those get Spring Shell's own handling and messages, so the outcome of
 * every command line is the same on both paths ({@code FastCommandTest} compares them). {@code INFLUX_UPGRADE_NO_FAST=1}
 * turns it off.
 */
public final class FastCommand {

    /** The adapter classes (the Spring path finds them by scanning; {@code FastCommandTest} checks this list). */
    public static final List<Class<?>> ADAPTERS = List.of(SessionCommands.class, ShardCommands.class, MetaCommands.class,
            BackupCommands.class, ConfigCommands.class, PermsCommands.class, PlanCommands.class, VerifyCommands.class,
            RecoverCommands.class, DemoCommands.class, ShellCommands.class, TsiCommands.class, PortableBackupCommands.class);

    /** The typed option values, parsed by the very converters the Spring path registers (one per engine type). */
    /** The environment variable that turns the fast path off. */
    public static final String DISABLE_ENV = "INFLUX_UPGRADE_NO_FAST";

    private final LaunchOptions options;
    private final Map<Class<?>, Object> beans = new HashMap<>();

    private FastCommand(LaunchOptions options) {
        this.options = options;
    }

    /** Signals a command line the fast path leaves to the Spring path; thrown only before any side effect. */
    private static final class NotHere extends RuntimeException {
        NotHere(String why) {
            super(why, null, false, false);
        }
    }

    /**
     * Runs the command line of {@code options} (mode COMMAND) and returns its exit code, or empty when the Spring
     * path must run it.
     */
    public static OptionalInt run(LaunchOptions options, Map<String, String> env) {
        String off = env.get(DISABLE_ENV);
        if (off != null && !off.isEmpty() && !off.equals("0")) {
            return OptionalInt.empty();
        }
        if (options.mode() != LaunchOptions.Mode.COMMAND || options.demo()) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(new FastCommand(options).run());
        } catch (NotHere e) {
            return OptionalInt.empty();
        }
    }

    /** One command of an adapter: its full name, class and method, and its options in declaration order. */
    record Target(String name, Class<?> type, Method method, List<OptionSpec> options) {
    }

    /** One {@code @Option} parameter. */
    record OptionSpec(String longName, Class<?> type, boolean required, int arityMax) {
        boolean flag() {
            return type == boolean.class || type == Boolean.class;
        }

        /** May be given without its name (as Arguments: an explicit arity, not a flag). */
        boolean takesUnnamed() {
            return arityMax > 0 && !flag();
        }
    }

    private int run() {
        List<String> words = options.command();
        Target target = find(words);
        Object[] args = bind(target, words);
        for (Parameter p : constructor(target.type()).getParameters()) {
            checkSupported(p.getParameterizedType());
        }
        // From here on objects are made; the only way back to the Spring path is before the session is touched.
        Workspace ws = (Workspace) bean(Workspace.class);
        Output out = (Output) bean(Output.class);
        try {
            Object adapter = bean(target.type());
            boolean journaled = target.method().isAnnotationPresent(Journaled.class);
            try {
                return runCommand(ws, out, target, adapter, args, journaled);
            } catch (UpgradeException e) {
                out.error(e.getMessage());
                return ExitCodes.of(e.kind());
            }
        } finally {
            Object live = beans.get(LiveConnection.class);
            if (live != null) {
                ((LiveConnection) live).close();
            }
            ws.close();
            out.flush();
        }
    }

    /** What ShellRunner does for mode COMMAND, with the one command invoked directly. */
    private int runCommand(Workspace ws, Output out, Target target, Object adapter, Object[] args, boolean journaled) {
        if (options.session() != null) {
            ws.open(options.session());
        } else if (ws.store().current() != null) {
            ws.openLazily(ws.store().current());
        }
        new InterruptedOperationNotice().beforeFirstCommand(options, ws, out);
        Object result;
        try {
            result = target.method().invoke(adapter, args);
        } catch (InvocationTargetException e) {
            result = e.getCause() != null ? e.getCause() : e;
        } catch (IllegalAccessException | RuntimeException | StackOverflowError | OutOfMemoryError e) {
            result = e;
        }
        // as CommandRunner.run: the outcome, then the session saved and the journal written for a state change or a step
        Output.Finished finished = out.finish();
        CommandRunner.Result r = Outcomes.conclude(target.name(), result, finished, out, (ErrorReporter) bean(ErrorReporter.class), false);
        if (journaled || finished.step() != null) {
            Outcomes.record(ws, out, options.command(), r, finished.step());
        }
        if (!r.ok()) {
            out.error(r.message());
        }
        return r.exitCode();
    }

    // ---- finding the command ----

    /** The command the words start with (the longest registered name, as CommandRunner.commandName). */
    static Target find(List<String> words) {
        String first = words.get(0);
        Target best = null;
        for (Class<?> type : ADAPTERS) {
            Command group = type.getAnnotation(Command.class);
            if (group == null) {
                continue;
            }
            List<String> prefix = names(group.command());
            if (!prefix.isEmpty() && !prefix.get(0).equals(first)) {
                continue;
            }
            for (Method m : type.getDeclaredMethods()) {
                Command c = m.getAnnotation(Command.class);
                if (c == null) {
                    continue;
                }
                if (!java.lang.reflect.Modifier.isPublic(m.getModifiers())) {
                    throw new NotHere("a command method that is not public");
                }
                List<String> full = new ArrayList<>(prefix);
                full.addAll(names(c.command()));
                if (full.isEmpty() || full.size() > words.size()) {
                    continue;
                }
                boolean matches = true;
                for (int i = 0; i < full.size() && matches; i++) {
                    matches = full.get(i).equals(words.get(i));
                }
                if (matches && (best == null || full.size() > best.name().split(" ").length)) {
                    if (c.alias().length > 0 || group.alias().length > 0 || c.hidden()
                            || m.getAnnotation(CommandAvailability.class) != null) {
                        throw new NotHere("alias, hidden or availability");
                    }
                    best = new Target(String.join(" ", full), type, m, optionsOf(m));
                }
            }
        }
        if (best == null) {
            throw new NotHere("not an adapter command");
        }
        return best;
    }

    private static List<String> names(String[] command) {
        List<String> out = new ArrayList<>();
        for (String c : command) {
            for (String w : c.trim().split("\\s+")) {
                if (!w.isEmpty()) {
                    out.add(w);
                }
            }
        }
        return out;
    }

    private static List<OptionSpec> optionsOf(Method m) {
        List<OptionSpec> specs = new ArrayList<>();
        for (Parameter p : m.getParameters()) {
            Option o = p.getAnnotation(Option.class);
            Class<?> t = p.getType();
            if (o == null || o.longNames().length != 1 || o.shortNames().length > 0 || !o.defaultValue().isEmpty()
                    || o.arityMin() > 0 || !(t == String.class || t == boolean.class
                    || Converters.PARSERS.containsKey(t))) {
                throw new NotHere("option kind");
            }
            specs.add(new OptionSpec(o.longNames()[0], t, o.required(), o.arityMax()));
        }
        return specs;
    }

    // ---- binding the words ----

    /**
     * The method's arguments from the words after the command name: positional values to the options that take them
     * unnamed (in declaration order, as Arguments.normalise), then every {@code --name value}.
     */
    static Object[] bind(Target target, List<String> words) {
        List<OptionSpec> specs = target.options();
        int nameWords = target.name().split(" ").length;
        Map<OptionSpec, String> values = new LinkedHashMap<>();
        List<String> positional = new ArrayList<>();
        for (int i = nameWords; i < words.size(); i++) {
            String w = words.get(i);
            if (!w.startsWith("-") || w.equals("-")) {
                positional.add(w);
                continue;
            }
            OptionSpec o = w.startsWith("--") ? byName(specs, w.substring(2)) : null;
            if (o == null || values.containsKey(o)) {
                throw new NotHere("unknown or repeated option");
            }
            if (o.flag()) {
                String v = "true";
                if (i + 1 < words.size() && isBooleanWord(words.get(i + 1))) {
                    v = words.get(++i).toLowerCase(java.util.Locale.ROOT);
                }
                values.put(o, v);
            } else {
                if (i + 1 >= words.size() || words.get(i + 1).startsWith("-")) {
                    throw new NotHere("option without a plain value");
                }
                values.put(o, words.get(++i));
            }
        }
        int p = 0;
        for (OptionSpec o : specs) {
            if (p == positional.size()) {
                break;
            }
            if (o.takesUnnamed() && !values.containsKey(o)) {
                if (o.arityMax() != 1) {
                    throw new NotHere("arity");
                }
                values.put(o, positional.get(p++));
            }
        }
        if (p < positional.size()) {
            throw new NotHere("unexpected word: the Spring path words the usage error");
        }
        Object[] args = new Object[specs.size()];
        for (int i = 0; i < specs.size(); i++) {
            OptionSpec o = specs.get(i);
            String v = values.get(o);
            if (v == null) {
                if (o.required()) {
                    throw new NotHere("missing required option");
                }
                args[i] = o.type() == boolean.class ? Boolean.FALSE : null;
            } else if (o.flag()) {
                args[i] = Boolean.valueOf(v);
            } else if (o.type() == String.class) {
                args[i] = v;
            } else {
                try {
                    args[i] = Converters.parse(o.type(), v);
                } catch (UpgradeException e) {
                    throw new NotHere("a value the engine refuses: the Spring path words the usage error");
                }
            }
        }
        return args;
    }

    private static OptionSpec byName(List<OptionSpec> specs, String name) {
        for (OptionSpec o : specs) {
            if (o.longName().equals(name)) {
                return o;
            }
        }
        return null;
    }

    private static boolean isBooleanWord(String w) {
        return w.equalsIgnoreCase("true") || w.equalsIgnoreCase("false");
    }

    // ---- the objects the Spring context would inject ----

    private static Constructor<?> constructor(Class<?> type) {
        Constructor<?>[] cs = type.getConstructors();
        if (cs.length != 1) {
            throw new NotHere("constructor");
        }
        return cs[0];
    }

    /** Throws NotHere for a dependency only the Spring context provides. */
    private void checkSupported(Type t) {
        if (t instanceof ParameterizedType pt && pt.getRawType() == ObjectProvider.class) {
            Type arg = pt.getActualTypeArguments()[0];
            if (arg == org.jline.terminal.Terminal.class || arg == org.jline.reader.LineReader.class
                    || arg == RecoverCommand.ShardSignals.class) {
                return;
            }
            if (arg instanceof Class<?> c && ADAPTERS.contains(c)) {
                for (Parameter p : constructor(c).getParameters()) {
                    checkSupported(p.getParameterizedType());
                }
                return;
            }
            throw new NotHere("provider of " + arg);
        }
        if (!(t instanceof Class<?> c) || !(c == LaunchOptions.class || c == Workspace.class || c == Output.class
                || c == ProgressBars.class || c == ErrorReporter.class || c == LiveConnection.class
                || c == PreflightChecks.class || c == Passwords.class)) {
            throw new NotHere("dependency " + t);
        }
    }

    private Object bean(Class<?> type) {
        Object b = beans.get(type);
        if (b != null) {
            return b;
        }
        if (type == LaunchOptions.class) {
            b = options;
        } else if (type == Workspace.class) {
            b = LaunchObjects.workspace(options);
        } else if (type == Output.class) {
            b = LaunchObjects.output(options);
        } else if (type == ErrorReporter.class) {
            b = new ErrorReporter((Refusals) bean(Refusals.class));
        } else if (type == Refusals.class) {
            b = new Refusals();
        } else if (type == LiveConnection.class) {
            b = new LiveConnection();
        } else if (type == PreflightChecks.class) {
            b = new PreflightChecks();
        } else if (type == ProgressBars.class) {
            b = new ProgressBars((Output) bean(Output.class), new Provider<>(() -> null));
        } else if (type == Passwords.class) {
            b = new Passwords(options, new Provider<>(() -> null));
        } else {
            Constructor<?> c = constructor(type);
            Parameter[] ps = c.getParameters();
            Object[] args = new Object[ps.length];
            for (int i = 0; i < ps.length; i++) {
                args[i] = ps[i].getType() == ObjectProvider.class ? provider(ps[i].getParameterizedType()) : bean(ps[i].getType());
            }
            try {
                b = c.newInstance(args);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot make " + type.getSimpleName(), e);
            }
        }
        beans.put(type, b);
        return b;
    }

    private Provider<?> provider(Type t) {
        Type arg = ((ParameterizedType) t).getActualTypeArguments()[0];
        if (arg == RecoverCommand.ShardSignals.class) {
            return new Provider<>(RecoverCommand.ShardSignals::scanned); // what PreflightChecks' bean method returns
        }
        if (arg instanceof Class<?> c && ADAPTERS.contains(c)) {
            return new Provider<>(() -> bean(c));
        }
        return new Provider<>(() -> null); // the terminal and line reader: none outside the REPL
    }

    /** An ObjectProvider over a supplier (null: not available). */
    private static final class Provider<T> implements ObjectProvider<T> {
        private final java.util.function.Supplier<T> supplier;

        Provider(java.util.function.Supplier<T> supplier) {
            this.supplier = supplier;
        }

        @Override
        public T getObject() throws BeansException {
            T t = supplier.get();
            if (t == null) {
                throw new org.springframework.beans.factory.NoSuchBeanDefinitionException("not available outside the REPL");
            }
            return t;
        }

        @Override
        public T getObject(Object... args) throws BeansException {
            return getObject();
        }

        @Override
        public T getIfAvailable() throws BeansException {
            return supplier.get();
        }

        @Override
        public T getIfUnique() throws BeansException {
            return supplier.get();
        }
    }
}
