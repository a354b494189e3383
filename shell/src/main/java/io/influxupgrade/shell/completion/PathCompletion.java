package io.influxupgrade.shell.completion;

import io.influxupgrade.commands.session.SessionPaths;
import org.springframework.shell.CompletionContext;
import org.springframework.shell.CompletionProposal;
import org.springframework.shell.completion.CompletionProvider;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Completes file and directory paths for path options (bean name {@code paths}). */
@Component("paths")
public class PathCompletion implements CompletionProvider {

    @Override
    public List<CompletionProposal> apply(CompletionContext ctx) {
        String typed = SessionPaths.expandHome(ctx.currentWordUpToCursor() == null ? "" : ctx.currentWordUpToCursor());
        int slash = typed.lastIndexOf('/');
        String dirPart = slash >= 0 ? typed.substring(0, slash + 1) : "";
        String prefix = slash >= 0 ? typed.substring(slash + 1) : typed;
        Path dir = Path.of(dirPart.isEmpty() ? "." : dirPart);
        List<CompletionProposal> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.list(dir)) {
            s.limit(2000).forEach(p -> {
                String name = p.getFileName().toString();
                if (name.startsWith(prefix) && (prefix.startsWith(".") || !name.startsWith("."))) {
                    boolean isDir = Files.isDirectory(p);
                    String value = dirPart + name + (isDir ? "/" : "");
                    out.add(new CompletionProposal(value).complete(!isDir).displayText(name + (isDir ? "/" : "")));
                }
            });
        } catch (IOException | SecurityException e) {
            // nothing to offer
        }
        return out;
    }
}
