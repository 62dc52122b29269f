package com.associationenricher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class IngestWebhooksCommandTest {

    @Test
    void isASubcommandOfTheJar() {
        assertThat(Main.commandLine().getSubcommands()).containsKey("ingest-webhooks");
    }

    @Test
    void refusesToStartWithoutAppSecretsButAsksForNoHubSpotToken(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("ingress.properties");
        Files.writeString(config, "kafka.bootstrap.servers=localhost:9092\nschema-registry.url=mock://cli\n");

        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute("ingest-webhooks", "--config", config.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("ENRICHER_INGRESS_APP_SECRETS").doesNotContain("hubspot.token");
    }

    @Test
    void anInvalidSecretIsReportedWithoutBeingPrinted(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("ingress.properties");
        Files.writeString(config, "kafka.bootstrap.servers=localhost:9092\nschema-registry.url=mock://cli\n"
                + "ingress.app-secrets=notanid=super-secret-value\n");

        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err));

        assertThat(cli.execute("ingest-webhooks", "-c", config.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("ingress.app-secrets").doesNotContain("super-secret-value");
    }
}
