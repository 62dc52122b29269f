package com.associationenricher.tools.demo;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.associationenricher.tools.cli.ToolsMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The README's first command, shortened: the demo's own broker, simulator and enricher, and its summary. */
class DemoIT {

    @Test
    void theDemoAccountsForEveryGeneratedIdAndDeadLettersTheTypeWhoseScopeIsMissing() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);
        logged.start();
        root.addAppender(logged);
        // What the quieted loggers said before the demo (a CLI test earlier in this JVM may have raised NetworkClient).
        Logger networkClient = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("org.apache.kafka.clients.NetworkClient");
        Logger kafka = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("kafka");
        var levelsBefore = java.util.Arrays.asList(networkClient.getLevel(), kafka.getLevel());
        int exit;
        try {
            exit = ToolsMain.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                    .execute("demo", "--events", "600", "--produce-seconds", "2");
        } finally {
            root.detachAppender(logged);
        }

        String summary = out.toString();
        assertThat(exit).as("exit code; output:%n%s%nerrors:%n%s", summary, err).isZero();
        assertThat(summary).containsPattern("ids accounted for\\s+all \\d+ \\(output or dead-letter topic\\)");
        assertThat(summary).containsPattern("MISSING_SCOPES\\s+[1-9]\\d*");
        assertThat(summary).containsPattern("UNDECODABLE_EVENT\\s+1");
        assertThat(summary).containsPattern("association events\\s+[1-9]\\d*");
        assertThat(summary).containsPattern("pre-existing contacts\\s+1000 backfilled \\(\\d+ list calls\\), (\\d+) of \\1 keys in the table");
        assertThat(summary).containsPattern("associations added/removed\\s+[1-9]\\d* / \\d+");
        assertThat(summary).containsPattern("unchanged answers not written\\s+\\d+");
        assertThat(summary).contains("\"added\":[{\"toObjectId\":\"").contains("\"removed\":[");
        assertThat(summary).contains("\"missingScopes\":[\"crm.objects.tickets.read\"]");
        assertThat(summary).as("a labelled association among the decoded records (2026-03 answers)")
                .containsPattern("\"typeId\":\\d+,\"category\":\"[A-Z_]+\",\"label\":\"Primary\"");
        assertThat(err.toString()).contains("produced   600");

        // The broker's and the Kafka clients' own warnings would break the progress line; the enricher's may speak.
        List<String> foreignWarnings = List.copyOf(logged.list).stream()
                .filter(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
                .filter(event -> !event.getLoggerName().startsWith("com.associationenricher."))
                .map(event -> event.getLevel() + " " + event.getLoggerName() + " - " + event.getFormattedMessage())
                .toList();
        assertThat(foreignWarnings).as("warnings of the broker and Kafka clients during the demo").isEmpty();
        assertThat(java.util.Arrays.asList(networkClient.getLevel(), kafka.getLevel()))
                .as("levels restored after the demo").isEqualTo(levelsBefore);
    }
}
