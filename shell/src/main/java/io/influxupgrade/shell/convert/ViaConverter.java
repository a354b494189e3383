package io.influxupgrade.shell.convert;

import io.influxupgrade.commands.backup.Via;
import org.springframework.core.convert.converter.Converter;
import org.springframework.stereotype.Component;

/** Binds {@code --via influxd|native|auto}; a bad value is the engine's usage error. */
@Component
public class ViaConverter implements Converter<String, Via> {

    @Override
    public Via convert(String source) {
        return source.isBlank() ? null : Via.parse(source);
    }
}
