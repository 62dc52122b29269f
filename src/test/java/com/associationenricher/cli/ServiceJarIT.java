package com.associationenricher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.config.AssociationPairs;
import com.associationenricher.events.ConfluentAvroSerde;
import com.associationenricher.events.RegistryAuth;
import com.associationenricher.events.RestSchemaRegistry;
import com.associationenricher.events.avro.AssociationEvent;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.testkit.ApicurioRegistry;
import com.associationenricher.testkit.EnricherProcess;
import com.associationenricher.testkit.ChangeEvents;
import com.associationenricher.testkit.KafkaBroker;
import com.associationenricher.testkit.Topics;
import com.associationenricher.tools.simulator.HubSpotSimulator;
import com.associationenricher.tools.simulator.SimulatorSettings;
import com.associationenricher.tools.workload.ChangeEventWorkload;
import com.associationenricher.tools.workload.ExpectedKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service jar itself, {@code target/association-enricher.jar} as built by {@code package}, in its own JVM with
 * nothing but the jar on the classpath: it holds none of the tools or the test machinery, it has no tools command,
 * and {@code run} starts against a real broker and enriches events. The tests see the full classpath, so a class the
 * jar is missing could only show here.
 */
@ExtendWith({KafkaBroker.class, ApicurioRegistry.class})
class ServiceJarIT {
    static final Path SERVICE_JAR = Path.of("target", "association-enricher.jar");
    static final long MAX_BYTES = 70_000_000L;
    static final List<String> FORBIDDEN = List.of("com/associationenricher/tools/", "org/apache/kafka/common/test/",
            "kafka/server/", "kafka/log/", "scala/", "org/junit/", "io/confluent/parallelconsumer/");
    static final long PORTAL = 424242;
    static final AssociationPairs PAIRS = AssociationPairs.parse("contacts:companies,companies:contacts");

    @TempDir
    Path work;

    @Test
    void serviceJarHoldsNoToolsNorTestMachineryAndStaysUnder70Mb() throws IOException {
        assertThat(SERVICE_JAR).as("built by mvn package, which failsafe runs after").isRegularFile();
        try (ZipFile jar = new ZipFile(SERVICE_JAR.toFile())) {
            List<String> forbidden = jar.stream().map(ZipEntry::getName)
                    .filter(name -> FORBIDDEN.stream().anyMatch(name::startsWith)).limit(20).toList();
            assertThat(forbidden).as("entries the service jar must not hold").isEmpty();
            assertThat(jar.getEntry("com/associationenricher/cli/Main.class")).isNotNull();
        }
        assertThat(Files.size(SERVICE_JAR)).as("service jar size in bytes").isLessThanOrEqualTo(MAX_BYTES);
    }

    @Test
    void serviceJarHasTheServiceCommandsAndNoToolsCommand() throws Exception {
        JarRun help = runJar("help");
        assertThat(help.exitCode()).as(help.output()).isZero();
        Set<String> commands = help.output().lines().map(String::trim)
                .map(line -> line.split("\\s+")[0]).collect(Collectors.toSet());
        assertThat(commands).contains("run", "ingest-webhooks", "dlq", "tail", "backfill", "reconcile")
                .doesNotContain("demo", "simulate-hubspot", "bench");

        JarRun demo = runJar("demo");
        assertThat(demo.exitCode()).as(demo.output()).isEqualTo(2);
        assertThat(demo.output()).contains("Unmatched argument").contains("'demo'");
    }

    @Test
    void serviceJarRunStartsAndEnrichesEvents() throws Exception {
        String input = Topics.uniqueName("jar-changes");
        String output = Topics.uniqueName("jar-associations");
        try (HubSpotSimulator hubspot = HubSpotSimulator.start(SimulatorSettings.builder()
                .token("jar-token", PORTAL).latencyMs(5, 20).build())) {
            Path config = work.resolve("enricher.properties");
            Files.writeString(config, String.join("\n",
                    "kafka.bootstrap.servers=" + KafkaBroker.bootstrapServers(),
                    "kafka.application.id=" + Topics.uniqueName("service-jar"),
                    "kafka.state.dir=" + work.resolve("state"),
                    "kafka.commit.interval.ms=200",
                    "schema-registry.url=" + ApicurioRegistry.url(),
                    "topics.input=" + input,
                    "topics.output=" + output,
                    "topics.dead-letter=" + Topics.uniqueName("jar-dlq"),
                    "topics.partitions=2",
                    "associations.pairs=contacts:companies,companies:contacts",
                    "hubspot.base-url=" + hubspot.baseUrl(),
                    "hubspot.token=jar-token",
                    "hubspot.portal-id=" + PORTAL,
                    "batch.max-wait=200ms", ""));
            List<CrmObjectChangeEvent> events = ChangeEventWorkload.generate(new ChangeEventWorkload.Settings(7, 40,
                    List.of(PORTAL), List.of("contacts", "companies"), 50, 0, PAIRS, System.currentTimeMillis() - 60_000));
            Set<String> lookedUp = ExpectedKeys.of(events, PAIRS).entrySet().stream()
                    .filter(e -> !e.getValue()).map(Map.Entry::getKey).collect(Collectors.toSet());

            try (EnricherProcess enricher = EnricherProcess.startJar(SERVICE_JAR,
                    List.of("run", "--config", config.toString()), Map.of(), work.resolve("service-jar.log"))) {
                enricher.awaitReady(Duration.ofSeconds(120));
                ChangeEvents.produceViaApicurio(input, events);

                List<ConsumerRecord<String, AssociationEvent>> enriched = Topics.consumeUntil(output,
                        new StringDeserializer(), deserializer(),
                        records -> records.stream().anyMatch(r -> r.value() != null && lookedUp.contains(r.key())),
                        Duration.ofSeconds(90));
                AssociationEvent event = enriched.stream().filter(r -> r.value() != null && lookedUp.contains(r.key()))
                        .findFirst().orElseThrow().value();
                assertThat(event.getPortalId()).isEqualTo(PORTAL);
                assertThat(List.of("contacts", "companies")).contains(event.getFromObjectType().toString());
                assertThat(hubspot.stats().callsOfPortal(PORTAL)).isPositive();
                assertThat(enricher.get("/metrics").body()).contains("enricher_association_events_total");
                assertThat(enricher.log()).doesNotContain("jar-token", "NoClassDefFoundError", "ClassNotFoundException");
                assertThat(enricher.terminate(Duration.ofSeconds(40))).as(enricher.log()).isIn(0, 143);
            }
        }
    }

    private JarRun runJar(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", SERVICE_JAR.toString()));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(work, "jar", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("java -jar " + String.join(" ", args) + " did not end:\n" + Files.readString(log));
        }
        return new JarRun(process.exitValue(), Files.readString(log));
    }

    private record JarRun(int exitCode, String output) {
    }


    private static org.apache.kafka.common.serialization.Deserializer<AssociationEvent> deserializer() {
        return ConfluentAvroSerde.forValues(new RestSchemaRegistry(ApicurioRegistry.url(), RegistryAuth.none()),
                AssociationEvent.class).deserializer();
    }
}
