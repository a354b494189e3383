package io.influxupgrade.shell.convert;

import io.influxupgrade.commands.session.SessionPaths;
import org.springframework.core.convert.converter.Converter;
import org.springframework.stereotype.Component;

import java.nio.file.Path;

/** Binds a {@code Path} option: {@code ~} expanded, once, the way the engine reads every typed path ({@link SessionPaths#typed}). */
@Component
public class PathConverter implements Converter<String, Path> {

    @Override
    public Path convert(String source) {
        return SessionPaths.typed(source);
    }
}
