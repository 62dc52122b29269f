package com.associationenricher.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** No file under src/main over 300 lines: a class that long does several jobs (see STYLE.md). */
class SourceFileSizeTest {
    static final int MAX_LINES = 300;
    static final Path ROOT = Path.of("src", "main", "java", "com", "associationenricher");

    @Test
    void noMainSourceFileIsLongerThan300Lines() throws IOException {
        List<String> tooLong;
        try (Stream<Path> files = Files.walk(ROOT)) {
            tooLong = files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> lines(file) > MAX_LINES)
                    .map(file -> ROOT.relativize(file) + " (" + lines(file) + " lines)")
                    .sorted().toList();
        }
        assertThat(tooLong).as("files under %s over %d lines", ROOT, MAX_LINES).isEmpty();
    }

    private static long lines(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
