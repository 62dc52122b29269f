package com.associationenricher.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityResult;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * The rule the topics' consumers rely on: a new schema version must read everything an older one wrote (backward,
 * so the enricher can replay its input and state after an upgrade) and an older one must read what the new one writes
 * (forward, so consumers that upgrade later keep working). Reports each violation in words naming the schema file,
 * the released version and Avro's description of the incompatibility.
 */
final class SchemaEvolutionGuard {

    private SchemaEvolutionGuard() {
    }

    /** Every problem between {@code released} (of {@code version}) and {@code current}; empty when both ways work. */
    static List<String> problems(String schemaFile, String version, Schema released, Schema current) {
        List<String> problems = new ArrayList<>();
        check(problems, SchemaCompatibility.checkReaderWriterCompatibility(current, released).getResult(),
                schemaFile + ": the current schema cannot read data written by released " + version + " (backward)");
        check(problems, SchemaCompatibility.checkReaderWriterCompatibility(released, current).getResult(),
                schemaFile + ": released " + version + " cannot read data written by the current schema (forward)");
        return problems;
    }

    static Schema parse(Path file) {
        try {
            return new Schema.Parser().parse(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema " + file, e);
        }
    }

    static List<Path> avscFiles(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".avsc")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list schemas in " + directory.toAbsolutePath(), e);
        }
    }

    private static void check(List<String> problems, SchemaCompatibilityResult result, String direction) {
        if (result.getCompatibility() == SchemaCompatibilityType.COMPATIBLE) {
            return;
        }
        for (SchemaCompatibility.Incompatibility incompatibility : result.getIncompatibilities()) {
            problems.add(direction + ": " + incompatibility.getType() + " at " + incompatibility.getLocation()
                    + ": " + incompatibility.getMessage());
        }
    }
}
