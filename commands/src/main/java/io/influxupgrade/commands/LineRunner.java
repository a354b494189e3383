package io.influxupgrade.commands;

/**
 * Runs one command line of the shell for the engine: how {@code next} and {@code recover --run} carry out a step
 * that is itself a command. The shell implements it once (its command runner, which batches use too), so a step
 * run this way is saved, journaled and completes its plan step exactly as when it is typed.
 */
@FunctionalInterface
public interface LineRunner {

    /** Runs {@code line}; null when it succeeded, else its failure (the kind of its exit code and its one-line message). */
    UpgradeException run(String line);
}
