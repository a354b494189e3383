package io.influxupgrade.shell.command;

import io.influxupgrade.commands.check.Check;
import io.influxupgrade.commands.check.Checks;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/** The list of preflight checks the shell runs, in report order. */
@Component
public class PreflightChecks {

    public List<Check> all() {
        List<Check> all = new ArrayList<>(Checks.basic());
        return all;
    }
}
