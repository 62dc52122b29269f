package com.associationenricher.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's two commands from a fresh clone, the jar each documented command runs from, and the package list,
 * against the code: a tools command given with the service jar fails for whoever copies it.
 */
class ReadmeMatchesTheJarsTest {
    static final Path ROOT = Path.of("src", "main", "java", "com", "associationenricher");
    static final List<String> TOOLS_COMMANDS = List.of("demo", "simulate-hubspot", "bench");
    static final Pattern SERVICE_JAR_COMMAND = Pattern.compile("target/association-enricher\\.jar\\s+([a-z-]+)");

    static String readme() throws IOException {
        return Files.readString(Path.of("README.md"));
    }

    @Test
    void theDemoAndTestCommandsAreTheOnesAFreshCloneRuns() throws IOException {
        assertThat(readme()).contains("mvn -q package -DskipTests && java -jar target/association-enricher-tools.jar demo")
                .contains("\nmvn -B verify\n");
        List<String> ci = Files.readAllLines(Path.of(".ci", "run")).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
        assertThat(ci).last().isEqualTo("mvn -B verify");
    }

    @Test
    void noToolsCommandIsDocumentedWithTheServiceJar() throws IOException {
        List<String> wrong = new ArrayList<>();
        Matcher command = SERVICE_JAR_COMMAND.matcher(readme());
        while (command.find()) {
            if (TOOLS_COMMANDS.contains(command.group(1))) {
                wrong.add(command.group());
            }
        }
        assertThat(wrong).as("tools commands run from the tools jar, target/association-enricher-tools.jar").isEmpty();
    }

    @Test
    void thePackageListNamesEveryPackageOfTheCode() throws IOException {
        String readme = readme();
        int start = readme.indexOf("Packages follow the flow");
        assertThat(start).as("the README's package list").isNotNegative();
        String list = readme.substring(start, readme.indexOf("\n\n", start));
        List<String> missing = new ArrayList<>();
        for (String pkg : packages()) {
            if (!list.contains("`" + pkg + "`")) {
                missing.add(pkg);
            }
        }
        assertThat(missing).as("packages under %s that the README's package list leaves out", ROOT).isEmpty();
    }

    /** Top-level packages, and the tools' subpackages as tools.x. */
    private static List<String> packages() throws IOException {
        List<String> packages = new ArrayList<>();
        try (Stream<Path> top = Files.list(ROOT)) {
            for (Path dir : top.filter(Files::isDirectory).sorted().toList()) {
                String name = dir.getFileName().toString();
                if (name.equals("tools")) {
                    try (Stream<Path> tools = Files.list(dir)) {
                        tools.filter(Files::isDirectory).sorted().forEach(sub -> packages.add("tools." + sub.getFileName()));
                    }
                } else {
                    packages.add(name);
                }
            }
        }
        return packages;
    }
}
