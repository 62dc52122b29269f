package com.associationenricher.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** README's configuration reference is generated from ConfigKeys; this keeps the two from drifting apart. */
class ReadmeDocumentsEveryKeyTest {

    @Test
    void readmeConfigurationTableIsTheGeneratedOne() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String start = "<!-- config-table:start -->\n";
        String table = readme.substring(readme.indexOf(start) + start.length(), readme.indexOf("<!-- config-table:end -->"));
        assertThat(table.strip())
                .as("README's configuration table; regenerate it from ConfigKeys.markdownTable()")
                .isEqualTo(ConfigKeys.markdownTable().strip());
    }
}
