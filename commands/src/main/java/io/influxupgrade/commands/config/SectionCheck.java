package io.influxupgrade.commands.config;

import io.influxupgrade.commands.config.ConfigFinding.Group;
import io.influxupgrade.commands.config.ConfigFinding.Severity;
import io.influxupgrade.commands.config.ConfigKnowledge.Rule;
import io.influxupgrade.commands.config.ConfigKnowledge.SectionDef;

/**
 * The section headers of the old file: [cluster] renamed [coordinator] (and both present), and a plain table where
 * the target wants an array of tables or the other way round (what the target converts with a warning, and what it
 * refuses).
 */
final class SectionCheck extends AnalysisContext {

    SectionCheck(AnalysisContext shared) {
        super(shared);
    }

    void checkSections() {
        ConfigFile.Section cluster = file.section("cluster");
        ConfigFile.Section coordinator = file.section("coordinator");
        if (cluster != null && coordinator != null && to >= kb.line("1.0")) {
            add(Group.BLOCKS_START, Severity.ERROR, "[cluster]", cluster.line(), null, "[coordinator]", null,
                    "the file has both [cluster] and [coordinator]: " + toName + " rewrites [cluster] to [coordinator] and then "
                            + "refuses the duplicate table; merge them into [coordinator] (config migrate does)");
        } else if (cluster != null && to >= kb.line("1.0")) {
            add(Group.RENAMED, Severity.WARNING, "[cluster]", cluster.line(), null, "[coordinator]", null,
                    rule("section-renamed", "cluster").advice());
        }
        for (ConfigFile.Section s : file.sections()) {
            SectionDef def = kb.section(targetSection(s.name()));
            if (def == null || !def.existsAt(to) || def.isMap()) {
                continue; // reported per key
            }
            boolean wantArray = def.isArrayAt(to);
            if (s.array() == wantArray) {
                continue;
            }
            String header = s.array() ? "[[" + s.name() + "]]" : "[" + s.name() + "]";
            String targetHeader = wantArray ? "[[" + def.name() + "]]" : "[" + def.name() + "]";
            if (!s.array()) {
                Rule moved = movedRule(s.name());
                if (moved != null && to < moved.fatalFrom()) {
                    add(Group.RENAMED, Severity.WARNING, header, s.line(), null, targetHeader, null,
                            toName + " converts the plain table at load, with a deprecation warning; " + moved.advice());
                    continue;
                }
                add(Group.BLOCKS_START, Severity.ERROR, header, s.line(), null, targetHeader, null,
                        toName + " refuses a plain " + header + " table (incompatible types: table where an array of "
                                + "tables is expected); " + (moved != null ? moved.advice() : "write " + targetHeader)
                                + " (config migrate rewrites it)");
            } else {
                add(Group.BLOCKS_START, Severity.ERROR, header, s.line(), null, targetHeader, null,
                        toName + " expects a single plain " + targetHeader + " table; config migrate keeps the first "
                                + "element only" + (s.elements() > 1 ? " and drops the other " + (s.elements() - 1) : ""));
            }
        }
    }

    private Rule movedRule(String section) {
        for (Rule r : kb.rules()) {
            if (r.kind().equals("moved") && section.equals(r.section())) {
                return r;
            }
        }
        return null;
    }

    private Rule rule(String kind, String from) {
        for (Rule r : kb.rules()) {
            if (r.kind().equals(kind) && from.equals(r.from())) {
                return r;
            }
        }
        throw new IllegalStateException("knowledge base lacks rule " + kind + " " + from);
    }
}
