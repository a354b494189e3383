package io.influxupgrade.shell;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.shell.command.annotation.CommandScan;

/** The Spring Shell context: command adapters, completion providers and the runner. */
@SpringBootApplication
@CommandScan
public class ShellApplication {
}
