package com.associationenricher.cli;

import com.associationenricher.config.EnricherConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --config FILE} option every command shares; environment variables override the file. */
public final class ConfigOption {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Properties or YAML file of configuration keys; ENRICHER_* environment variables override it.")
    Path file;

    /** @throws com.associationenricher.config.ConfigException naming the first wrong key */
    public EnricherConfig load() {
        return EnricherConfig.load(file, System.getenv());
    }
}
