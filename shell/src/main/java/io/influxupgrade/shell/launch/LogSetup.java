package io.influxupgrade.shell.launch;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.pattern.DynamicConverter;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.util.FileSize;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import org.springframework.boot.logging.logback.ExtendedWhitespaceThrowableProxyConverter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;

/**
 * The Spring path's logging, set up in code instead of by Spring Boot's logging system from an XML file (parsing
 * it was a quarter of the time to the first prompt): warnings and errors only, to {@code <home>/logs/shell.log}
 * and never to the console, which belongs to command output. Same file, levels, rolling (10 MB, 7 days,
 * gzipped) and line format as Boot's {@code file-appender.xml} gave; {@code java.util.logging} (JLine's log) is
 * routed into it as Boot did.
 * <p>
 * Logback is configured once, by {@link Configurator} (a logback service, so its default configuration, a console
 * appender, is never built), and the file's appender, its line pattern, date format and rolling policy are made at
 * the first warning: a start without one (nearly all) pays for none of it. The log file is created at start, as
 * before.
 */
public final class LogSetup {

    private static final String FILE_PROPERTY = "influx-upgrade.log.file";
    private static final String APPENDER = "FILE";

    private LogSetup() {
    }

    /** Sends warnings and errors to {@code logFile}; replaces any configuration made before. */
    public static void toFile(Path logFile) {
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            if (!Files.exists(logFile)) {
                Files.createFile(logFile);
            }
        } catch (IOException e) {
            // as before: the appender reports it (to logback's status) when it cannot open the file
        }
        String file = logFile.toString();
        System.setProperty(FILE_PROPERTY, file);
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory(); // the first call runs Configurator
        Appender<ILoggingEvent> current = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender(APPENDER);
        if (!(current instanceof FileOnFirstEvent f && f.file.equals(file))) {
            context.reset(); // configured before for another home (tests run several in one JVM), or by someone else
            configure(context, file);
        }
        bridgeJavaUtilLogging();
    }

    /**
     * Logback's configurator (registered in {@code META-INF/services}): the file appender when {@link #toFile} set
     * the file, else logback's defaults as before (the start-up path without Spring sets none).
     */
    public static final class Configurator extends ContextAwareBase implements ch.qos.logback.classic.spi.Configurator {
        @Override
        public ExecutionStatus configure(LoggerContext context) {
            String file = System.getProperty(FILE_PROPERTY);
            if (file == null) {
                return ExecutionStatus.INVOKE_NEXT_IF_ANY;
            }
            LogSetup.configure(context, file);
            return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
        }
    }

    private static void configure(LoggerContext context, String file) {
        FileOnFirstEvent appender = new FileOnFirstEvent(file);
        appender.setContext(context);
        appender.setName(APPENDER);
        appender.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(appender);
    }

    /** Builds the rolling file appender at the first event and hands it every event. */
    private static final class FileOnFirstEvent extends UnsynchronizedAppenderBase<ILoggingEvent> {

        private final String file;
        private RollingFileAppender<ILoggingEvent> target;

        FileOnFirstEvent(String file) {
            this.file = file;
        }

        @Override
        protected void append(ILoggingEvent event) {
            target().doAppend(event);
        }

        private synchronized RollingFileAppender<ILoggingEvent> target() {
            if (target == null) {
                target = rollingFile(getContext(), file);
            }
            return target;
        }

        @Override
        public synchronized void stop() {
            if (target != null) {
                target.stop();
            }
            super.stop();
        }
    }

    /** What Boot's {@code file-appender.xml} and {@code defaults.xml} made of {@code logging.file.name}. */
    private static RollingFileAppender<ILoggingEvent> rollingFile(ch.qos.logback.core.Context context, String file) {
        @SuppressWarnings("unchecked")
        Map<String, Supplier<DynamicConverter<?>>> rules = (Map<String, Supplier<DynamicConverter<?>>>)
                context.getObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS);
        if (rules == null) {
            rules = new HashMap<>();
            context.putObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS, rules);
        }
        rules.put("wEx", ExtendedWhitespaceThrowableProxyConverter::new);

        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %5p " + ProcessHandle.current().pid()
                + " --- [%t] %-40.40logger{39} : %m%n%wEx");
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();

        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setName(APPENDER);
        appender.setFile(file);
        appender.setEncoder(encoder);
        SizeAndTimeBasedRollingPolicy<ILoggingEvent> rolling = new SizeAndTimeBasedRollingPolicy<>();
        rolling.setContext(context);
        rolling.setParent(appender);
        rolling.setFileNamePattern(file + ".%d{yyyy-MM-dd}.%i.gz");
        rolling.setMaxFileSize(FileSize.valueOf("10MB"));
        rolling.setMaxHistory(7);
        rolling.setTotalSizeCap(new FileSize(0));
        rolling.setCleanHistoryOnStart(false);
        rolling.start();
        appender.setRollingPolicy(rolling);
        appender.start();
        return appender;
    }

    /** As Boot: JUL's default console handler goes, JUL records go to SLF4J. */
    private static void bridgeJavaUtilLogging() {
        java.util.logging.Logger root = java.util.logging.LogManager.getLogManager().getLogger("");
        Handler[] handlers = root.getHandlers();
        if (handlers.length == 1 && handlers[0] instanceof ConsoleHandler) {
            root.removeHandler(handlers[0]);
        }
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.install();
        }
    }
}
