package io.influxupgrade.shell;

import io.influxupgrade.shell.launch.LaunchOptions;
import org.jline.reader.History;
import org.jline.reader.Parser;
import org.jline.reader.impl.history.DefaultHistory;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.impl.ExternalTerminal;
import org.jline.terminal.impl.exec.ExecTerminalProvider;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.jline.utils.InfoCmp;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.shell.jline.ExtendedDefaultParser;
import org.springframework.shell.jline.PromptProvider;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The terminal and the beans of Spring Shell's {@code JLineShellAutoConfiguration} and {@code JLineAutoConfiguration},
 * which are not imported: the first builds its terminal only through {@link TerminalBuilder#build()}, the second's
 * one bean sat in a configuration class that Spring subclassed with CGLIB at every start. Batches and single commands
 * get a dumb terminal on no streams; with {@code --interactive} and a stdin that is not a terminal (a pipe, a test),
 * an emulated terminal over stdin/stdout, so scripted sessions get the same line editing and Tab completion;
 * otherwise the real system terminal, probed by {@link TerminalBuilder} as before.
 * <p>
 * The first two are the very terminal {@code TerminalBuilder} made for them (an {@link ExternalTerminal} of JLine's
 * exec provider, same name, encodings and signal handler), built directly: the builder loads every provider to
 * build it, and loading the exec provider forks {@code test -t 1} and {@code tty}, then the terminal forks
 * {@code infocmp -x dumb} (JLine's own description of {@code dumb} has the same four capabilities). See
 * bench/README.md, issue 19, for what the terminal cost.
 */
@Configuration(proxyBeanMethods = false)
public class TerminalSetup {

    private static final String NAME = "JLine terminal";

    /** The terminal {@link Main} started building, or else one built now. */
    @Bean(destroyMethod = "close")
    Terminal terminal(LaunchOptions options, ObjectProvider<Early> early) {
        try {
            Early started = early.getIfAvailable();
            return started != null ? started.take()
                    : terminal(options, System.console() != null, System.in, System.out);
        } catch (IOException e) {
            throw new BeanCreationException("Could not create Terminal", e);
        }
    }

    /**
     * A terminal built on another thread while the context starts (a system terminal probes the tty with a few
     * processes; the others load and set up JLine): {@link Main} starts it and registers it with the context.
     */
    public static final class Early implements AutoCloseable {

        private final CompletableFuture<Terminal> terminal = new CompletableFuture<>();
        private final AtomicBoolean taken = new AtomicBoolean();

        private Early() {
        }

        /** Starts building the terminal for these options on the streams of now. */
        public static Early start(LaunchOptions options) {
            Early early = new Early();
            boolean console = System.console() != null;
            InputStream in = System.in;
            OutputStream out = System.out;
            Thread builder = new Thread(() -> {
                try {
                    early.terminal.complete(terminal(options, console, in, out));
                } catch (Throwable e) {
                    early.terminal.completeExceptionally(e);
                }
            }, "terminal-setup");
            builder.setDaemon(true);
            builder.start();
            return early;
        }

        Terminal take() throws IOException {
            taken.set(true);
            try {
                return terminal.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw e;
            }
        }

        /** Closes the terminal (restoring the tty) when the context did not take it: it failed to start. */
        @Override
        public void close() {
            if (!taken.get()) {
                try {
                    terminal.join().close();
                } catch (IOException | RuntimeException e) {
                    // nothing to restore
                }
            }
        }
    }

    /** As JLineShellAutoConfiguration. */
    @Bean
    Parser parser() {
        ExtendedDefaultParser parser = new ExtendedDefaultParser();
        parser.setEofOnUnclosedQuote(true);
        parser.setEofOnEscapedNewLine(true);
        return parser;
    }

    /** As JLineAutoConfiguration (LineReaderAutoConfiguration gives it the history file). */
    @Bean
    History history() {
        return new DefaultHistory();
    }

    /** As JLineShellAutoConfiguration (the REPL draws its own prompt). */
    @Bean
    PromptProvider promptProvider() {
        return () -> new AttributedString("shell:>", AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW));
    }

    static Terminal terminal(LaunchOptions options, boolean console, InputStream in, OutputStream out)
            throws IOException {
        if (options.mode() != LaunchOptions.Mode.INTERACTIVE) {
            // Batches and single commands print through System.out; a dumb terminal on top costs no probing.
            return external(InputStream.nullInputStream(), OutputStream.nullOutputStream(), "dumb");
        }
        if (!console) {
            return external(in, out, System.getenv().getOrDefault("INFLUX_UPGRADE_TERM", "dumb"));
        }
        return TerminalBuilder.builder().systemOutput(TerminalBuilder.SystemOutput.SysOut).build();
    }

    /**
     * What {@code TerminalBuilder.builder().system(false).streams(in, out).type(type).build()} returns, but without the
     * emulated echo: its input pump echoed every piped line as soon as it arrived, so a scripted REPL printed all its
     * input once before the banner; the line reader draws each line after its prompt anyway (as it does on a tty in
     * raw mode). The terminal starts paused so that nothing is read before echo is off.
     */
    private static Terminal external(InputStream in, OutputStream out, String type) throws IOException {
        if (type.equals("dumb") || type.equals("dumb-color")) {
            String caps = InfoCmp.getLoadedInfoCmp(type);
            if (caps == null) {
                InfoCmp.setLoadedInfoCmp(type, InfoCmp.getDefaultInfoCmp(type));
            }
        }
        TerminalBuilder builder = TerminalBuilder.builder().system(false).streams(in, out).type(type);
        ExternalTerminal terminal = new ExternalTerminal(new ExecTerminalProvider(), NAME, builder.computeType(), in, out,
                builder.computeEncoding(), builder.computeStdinEncoding(), builder.computeStdoutEncoding(),
                Terminal.SignalHandler.SIG_DFL, true, null, null);
        Attributes attributes = terminal.getAttributes();
        attributes.setLocalFlag(Attributes.LocalFlag.ECHO, false);
        terminal.setAttributes(attributes);
        terminal.resume();
        return terminal;
    }
}
