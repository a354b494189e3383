package io.influxupgrade.shell.command;

import io.influxupgrade.commands.demo.DemoCreateCommand;
import io.influxupgrade.commands.demo.DemoServer;
import io.influxupgrade.commands.demo.DemoStopCommand;
import io.influxupgrade.commands.session.Workspace;
import io.influxupgrade.shell.core.Journaled;
import io.influxupgrade.shell.launch.LaunchOptions;
import io.influxupgrade.shell.launch.StartupHook;
import io.influxupgrade.shell.render.DemoView;
import io.influxupgrade.shell.render.Output;
import org.springframework.shell.command.annotation.Command;
import org.springframework.shell.command.annotation.Option;
import org.springframework.shell.command.annotation.OptionValues;
import org.springframework.stereotype.Component;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Adapters for {@code demo create} and {@code demo stop}; the {@code --demo} global option runs {@code demo create} first. */
@Command(command = "demo", group = "Demo")
public record DemoCommands(Workspace ws, Output out) {

    @Journaled
    @Command(command = "create", description = "Build a demo sandbox (an old InfluxDB installation made of real files, no InfluxDB needed) "
            + "and open the session demo-<layout> on it; --with-server also starts the influxd on PATH for it on loopback. "
            + "Example: demo create --layout 1.3 --dir /tmp/demo13")
    public void create(
            @Option(label = "0.11|1.3", longNames = "layout", description = "0.11 (raft metastore, b1/bz1 shards) or 1.3 (meta.db); default 0.11")
            @OptionValues(provider = "demoLayouts") String layout,
            @Option(label = "DIR", longNames = "dir", description = "where to build it: a new or empty folder, or an earlier sandbox (default a new temp dir)")
            @OptionValues(provider = "paths") Path dir,
            @Option(longNames = "with-server", description = "also start influxd (from PATH) on 127.0.0.1 for the sandbox") boolean withServer) {
        DemoCreateCommand.DemoReport r = new DemoCreateCommand().run(ws, layout, dir, withServer);
        out.emit(r, t -> DemoView.created(t, r));
    }

    @Journaled
    @Command(command = "stop", description = "Stop the demo influxd started by 'demo create --with-server' (by its recorded pid). Example: demo stop")
    public void stop() {
        DemoServer.Stopped s = new DemoStopCommand().run(ws);
        out.emit(s, t -> DemoView.stopped(t, s));
    }

    /** {@code --demo [--layout L] [--dir D]}: runs {@code demo create} before the first command or the REPL. */
    @Component
    public static class DemoStartup implements StartupHook {
        @Override
        public List<List<String>> beforeFirstCommand(LaunchOptions options, Workspace workspace, Output output) {
            if (!options.demo()) {
                return List.of();
            }
            List<String> words = new ArrayList<>(List.of("demo", "create", "--layout", options.demoLayout() == null ? "0.11" : options.demoLayout()));
            if (options.demoDir() != null) {
                words.add("--dir");
                words.add(options.demoDir().toAbsolutePath().normalize().toString());
            }
            return List.of(words);
        }
    }
}
