package io.influxupgrade.commands.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packages of both modules form no cycle, and the engine names nothing of the shell: dependencies point
 * shell → commands → codecs. Read from the sources (imports and qualified names), so a new cycle fails here
 * with the packages that form it.
 */
class PackageCyclesTest {

    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern REFERENCE = Pattern.compile("\\b(io\\.influxupgrade(?:\\.[a-z]\\w*)+)\\.[A-Z]");

    @Test
    void noPackageDependsOnItselfThroughOthers() throws IOException {
        Map<String, Set<String>> deps = dependencies();
        assertThat(deps).containsKeys("io.influxupgrade.commands.session", "io.influxupgrade.shell.core");
        List<String> cycles = new ArrayList<>();
        for (String from : deps.keySet()) {
            for (String to : deps.get(from)) {
                if (reaches(deps, to, from)) {
                    cycles.add(from + " -> " + to);
                }
            }
        }
        assertThat(cycles).as("package dependencies that close a cycle").isEmpty();
    }

    @Test
    void theEngineAndItsCodecsNameNothingOfTheShell() throws IOException {
        Map<String, Set<String>> deps = dependencies();
        List<String> wrong = new ArrayList<>();
        deps.forEach((from, tos) -> tos.stream()
                .filter(to -> from.startsWith("io.influxupgrade.commands") && to.startsWith("io.influxupgrade.shell")
                        || from.startsWith("io.influxupgrade.commands.codec") && !to.startsWith("io.influxupgrade.commands.codec")
                        && !to.equals("io.influxupgrade.commands"))
                .forEach(to -> wrong.add(from + " -> " + to)));
        assertThat(wrong).isEmpty();
    }

    private static boolean reaches(Map<String, Set<String>> deps, String start, String target) {
        Deque<String> todo = new ArrayDeque<>(List.of(start));
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            String p = todo.pop();
            if (p.equals(target)) {
                return true;
            }
            if (seen.add(p)) {
                todo.addAll(deps.getOrDefault(p, Set.of()));
            }
        }
        return false;
    }

    private static Map<String, Set<String>> dependencies() throws IOException {
        Path here = Path.of("").toAbsolutePath();
        Path root = Files.isDirectory(here.resolve("commands")) ? here : here.getParent();
        Map<String, Set<String>> deps = new TreeMap<>();
        for (String module : List.of("commands", "shell")) {
            Path src = root.resolve(module).resolve("src/main/java");
            try (Stream<Path> files = Files.walk(src)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    String text = Files.readString(f);
                    Matcher pm = PACKAGE.matcher(text);
                    if (!pm.find()) {
                        continue;
                    }
                    String pkg = pm.group(1);
                    Set<String> to = deps.computeIfAbsent(pkg, k -> new TreeSet<>());
                    Matcher rm = REFERENCE.matcher(text);
                    while (rm.find()) {
                        if (!rm.group(1).equals(pkg)) {
                            to.add(rm.group(1));
                        }
                    }
                }
            }
        }
        return deps;
    }
}
