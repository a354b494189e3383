package io.influxupgrade.commands.check;

import io.influxupgrade.commands.Finding;
import java.util.List;

/** One read-only preflight check with a stable id; it never changes anything on disk. */
public interface Check {

    /** The stable id, also the id of its findings, e.g. {@code shard.non-tsm}. */
    String id();

    /** One line saying what it checks. */
    String description();

    /** Runs the check; an unexpected problem reading something is itself a finding, not an exception. */
    List<Finding> run(CheckContext context);
}
