package com.associationenricher.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.config.EnricherConfig;
import com.associationenricher.events.avro.ChangeType;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.testkit.ChangeEvents;
import com.associationenricher.testkit.EnricherTestConfig;
import com.associationenricher.testkit.InJvmEnricher;
import com.associationenricher.testkit.KafkaBroker;
import com.associationenricher.testkit.TestSerdes;
import com.associationenricher.testkit.Topics;
import com.associationenricher.tools.simulator.HubSpotSimulator;
import com.associationenricher.tools.simulator.SimulatorSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backlog waiting when an instance starts is looked up at the configured pace from the first call. With input keyed
 * by object the batcher's tasks call at once, before Kafka Streams reports them, when the budget share was still 0:
 * the pacer allowed one call per period, and the permits queued past its longest wait came back as a pacing backlog
 * that deferred their task's ids (a stall of up to a period). Real broker, the HubSpot simulator over HTTP.
 */
@ExtendWith(KafkaBroker.class)
class StartupPacingIT {
    static final long PORTAL = 555003;
    static final String TOKEN = "startup-pacing-token";
    static final int CONTACTS = 2_000;

    @TempDir
    Path work;

    @Test
    void aBacklogAtStartIsLookedUpWithoutAPacingDeferral() throws Exception {
        String input = Topics.uniqueName("startup-in");
        Topics.create(4, input);
        String scope = Topics.uniqueName("registry");
        EnricherSerdes serdes = TestSerdes.enricherSerdes(scope);
        List<CrmObjectChangeEvent> backlog = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < CONTACTS; i++) {
            backlog.add(CrmObjectChangeEvent.newBuilder().setEventId("startup-" + i).setPortalId(PORTAL).setObjectType("contacts")
                    .setObjectId(String.valueOf(10_000 + i)).setChangeType(ChangeType.UPDATED).setOccurredAt(now).build());
        }
        ChangeEvents.produce(input, backlog, serdes.changeEvents().serializer());

        try (HubSpotSimulator hubspot = HubSpotSimulator.start(SimulatorSettings.builder().token(TOKEN, PORTAL).latencyMs(5, 20).build())) {
            EnricherConfig config = EnricherTestConfig.onTestBroker(Topics.uniqueName("startup"), work.resolve("state"))
                    .registry("mock://" + scope)
                    .topics(input, Topics.uniqueName("startup-out"), Topics.uniqueName("startup-dlq"))
                    .hubspot(hubspot.baseUrl())
                    .with("topics.partitions", "4")
                    .with("input.keyed-by-object", "true")
                    .with("associations.pairs", "contacts:companies")
                    .with("hubspot.token", TOKEN)
                    .with("hubspot.portal-id", String.valueOf(PORTAL))
                    // 40 calls of 50 ids, well inside 1,000 calls per 10 s: nothing should ever wait for a permit.
                    .with("hubspot.rate-limit.requests", "1000")
                    .with("batch.max-ids", "50")
                    .with("batch.max-wait", "200ms")
                    .build();
            long started = System.nanoTime();
            InJvmEnricher.run(config, metrics -> {
                Awaitility.await("every id of the backlog answered").atMost(Duration.ofSeconds(60))
                        .until(() -> metrics.count("enricher.association.events") >= CONTACTS);
                double seconds = (System.nanoTime() - started) / 1e9;
                System.out.printf("startup pacing: %d ids answered %.1f s after start, %d calls%n", CONTACTS, seconds,
                        hubspot.stats().totalCalls());
                assertThat(metrics.count("enricher.hubspot.deferrals")).as("pacing deferrals").isZero();
                return null;
            });
        }
    }
}
