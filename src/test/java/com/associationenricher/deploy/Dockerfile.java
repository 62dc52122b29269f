package com.associationenricher.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a Dockerfile the checks need, read as written: the build arguments declared before the first FROM
 * (with their defaults), and the stages, each with its base and its instructions (continuation lines joined).
 */
record Dockerfile(Map<String, String> args, List<Stage> stages) {
    private static final Pattern FROM = Pattern.compile("(?i)^FROM\\s+(?:--\\S+\\s+)*(\\S+)(?:\\s+AS\\s+(\\S+))?\\s*$");
    private static final Pattern ARG = Pattern.compile("(?i)^ARG\\s+([A-Za-z_][A-Za-z0-9_]*)(?:=(\\S*))?\\s*$");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}|\\$([A-Za-z_][A-Za-z0-9_]*)");

    /** One stage: {@code FROM from AS name} (name empty when unnamed) and the instructions after it. */
    record Stage(String name, String from, List<String> instructions) {
        Optional<String> instruction(String keyword) {
            return instructions.stream().filter(line -> line.regionMatches(true, 0, keyword + " ", 0, keyword.length() + 1))
                    .reduce((first, second) -> second);
        }
    }

    static Dockerfile parse(String text) {
        Map<String, String> args = new LinkedHashMap<>();
        List<Stage> stages = new ArrayList<>();
        for (String instruction : instructions(text)) {
            Matcher from = FROM.matcher(instruction);
            Matcher arg = ARG.matcher(instruction);
            if (from.matches()) {
                stages.add(new Stage(from.group(2) == null ? "" : from.group(2), from.group(1), new ArrayList<>()));
            } else if (stages.isEmpty() && arg.matches()) {
                args.put(arg.group(1), arg.group(2) == null ? "" : arg.group(2));
            } else if (!stages.isEmpty()) {
                stages.get(stages.size() - 1).instructions().add(instruction);
            }
        }
        return new Dockerfile(args, stages);
    }

    /** The image {@code docker build} builds without {@code --target}: the last stage. */
    Stage defaultTarget() {
        return stages.get(stages.size() - 1);
    }

    Stage stage(String name) {
        return stages.stream().filter(stage -> stage.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no stage " + name + " in the Dockerfile"));
    }

    /** The stage's instructions and those of the stages it is built on, base first. */
    List<String> instructionsWithBases(Stage stage) {
        List<String> all = new ArrayList<>();
        stages.stream().filter(s -> s.name().equals(stage.from()) && !s.name().isEmpty()).findFirst()
                .ifPresent(base -> all.addAll(instructionsWithBases(base)));
        all.addAll(stage.instructions());
        return all;
    }

    /** The FROM of every stage not built on another stage, as written (e.g. {@code ${RUNTIME_IMAGE}}). */
    List<String> externalBases() {
        List<String> names = stages.stream().map(Stage::name).toList();
        return stages.stream().map(Stage::from).filter(from -> !names.contains(from)).toList();
    }

    /** A FROM with its build arguments replaced by their defaults. */
    String resolve(String from) {
        Matcher reference = REFERENCE.matcher(from);
        StringBuilder resolved = new StringBuilder();
        while (reference.find()) {
            String name = reference.group(1) != null ? reference.group(1) : reference.group(2);
            if (!args.containsKey(name)) {
                throw new IllegalArgumentException(from + " uses " + name + ", which no ARG before the first FROM declares");
            }
            reference.appendReplacement(resolved, Matcher.quoteReplacement(args.get(name)));
        }
        return reference.appendTail(resolved).toString();
    }

    private static List<String> instructions(String text) {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            String trimmed = line.trim();
            if (current.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
                continue;
            }
            if (trimmed.startsWith("#")) {
                continue;
            }
            boolean continues = trimmed.endsWith("\\");
            current.append(continues ? trimmed.substring(0, trimmed.length() - 1).trim() + " " : trimmed);
            if (!continues) {
                instructions.add(current.toString().trim());
                current.setLength(0);
            }
        }
        if (!current.isEmpty()) {
            instructions.add(current.toString().trim());
        }
        return instructions;
    }
}
