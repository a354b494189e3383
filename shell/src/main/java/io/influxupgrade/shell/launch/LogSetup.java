package io.influxupgrade.shell.launch;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.pattern.DynamicConverter;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import org.springframework.boot.logging.logback.ExtendedWhitespaceThrowableProxyConverter;

import java.nio.charset.StandardCharsets;
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
 */
public final class LogSetup {

    private static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %5p " + ProcessHandle.current().pid()
            + " --- [%t] %-40.40logger{39} : %m%n%wEx";

    private LogSetup() {
    }

    /** Sends warnings and errors to {@code logFile}; replaces any configuration made before. */
    public static void toFile(Path logFile) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        String file = logFile.toString();
        Map<String, Supplier<DynamicConverter>> rules = new HashMap<>();
        rules.put("wEx", ExtendedWhitespaceThrowableProxyConverter::new);
        context.putObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS, rules);

        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();

        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setName("FILE");
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

        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(appender);
        bridgeJavaUtilLogging();
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
