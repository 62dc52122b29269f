package com.associationenricher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tools' answers to wrong input and to a missing cluster, without a broker. */
class DlqCommandLineTest {

    @TempDir
    Path dir;

    private String config(String bootstrap, String... extra) throws IOException {
        Path file = dir.resolve("tools.properties");
        Files.writeString(file, "kafka.bootstrap.servers=" + bootstrap + "\nschema-registry.url=mock://cli-test\n"
                + String.join("\n", extra) + "\n");
        return file.toString();
    }

    @Test
    void anUnknownReasonIsAParameterErrorWithExitCode2() throws IOException {
        CommandRun run = CommandRun.of("dlq", "list", "--config", config("127.0.0.1:1"), "--reason", "MISSING_SCOPES,NOPE");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.firstErrLine()).contains("--reason").contains("NOPE").contains("MISSING_SCOPES");
    }

    @Test
    void aTimeThatIsNeitherAnInstantNorADurationIsAParameterError() throws IOException {
        CommandRun run = CommandRun.of("dlq", "replay", "--config", config("127.0.0.1:1"), "--since", "yesterday");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.firstErrLine()).contains("--since").contains("'yesterday' is neither an ISO-8601 instant");
    }

    @Test
    void sinceAfterUntilIsAParameterError() throws IOException {
        CommandRun run = CommandRun.of("dlq", "stats", "--config", config("127.0.0.1:1"),
                "--since", "1h", "--until", "2026-01-01T00:00:00Z");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.firstErrLine()).contains("--since").contains("must be before --until");
    }

    @Test
    void aZeroRateIsAParameterError() throws IOException {
        CommandRun run = CommandRun.of("dlq", "replay", "--config", config("127.0.0.1:1"), "--rate", "0");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.firstErrLine()).contains("--rate must be at least 1");
    }

    @Test
    void aBadConfigurationExitsWith2() throws IOException {
        CommandRun run = CommandRun.of("dlq", "stats", "--config", config("no-port"));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("kafka.bootstrap.servers");
    }

    @Test
    void anUnreachableBrokerIsOneLineAndExitCode1() throws IOException {
        CommandRun run = CommandRun.of("dlq", "list", "--config", config("127.0.0.1:1", "kafka.default.api.timeout.ms=2000"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).isEqualTo("list: cannot reach Kafka at 127.0.0.1:1 within 2s");
        assertThat(run.out()).startsWith("DLQ P/OFF");
    }

    @Test
    void tailOfAnUnreachableBrokerIsOneLineToo() throws IOException {
        CommandRun run = CommandRun.of("tail", "--topic", "x", "--config", config("127.0.0.1:1", "kafka.default.api.timeout.ms=2000"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).isEqualTo("tail: cannot reach Kafka at 127.0.0.1:1 within 2s");
    }

    @Test
    void dlqWithoutASubcommandSaysWhichExist() {
        CommandRun run = CommandRun.of("dlq");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.firstErrLine()).contains("stats, list or replay");
    }
}
