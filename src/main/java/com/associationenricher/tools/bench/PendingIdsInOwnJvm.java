package com.associationenricher.tools.bench;

import com.associationenricher.config.AssociationPairs;
import com.associationenricher.config.EnricherConfig;
import com.associationenricher.events.RegistryAuth;
import com.associationenricher.events.RestSchemaRegistry;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.pipeline.EnricherSerdes;
import com.associationenricher.pipeline.TopicProvisioner;
import com.associationenricher.tools.simulator.HubSpotSimulator;
import com.associationenricher.tools.simulator.SchemaRegistrySimulator;
import com.associationenricher.tools.workload.ExpectedKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a long HubSpot outage costs in memory, measured on the enricher alone: it runs in its own JVM (with the heap a
 * 1 GiB container gives it, {@link #JVM_OPTIONS}) while HubSpot answers nothing, is fed {@code events} distinct ids,
 * and once every id waits in its store the process's resident memory and heap are read.
 */
final class PendingIdsInOwnJvm {
    /** The image's defaults (Dockerfile) in a 1 GiB container: heap 40 % of it. */
    static final List<String> JVM_OPTIONS = System.getProperty("bench.service-jvm-options") != null
            ? List.of(System.getProperty("bench.service-jvm-options").split(" "))
            : List.of("-Xmx410m", "-XX:+ExitOnOutOfMemoryError");
    private final EnricherContender enricher;
    private final Map<String, Object> figures = new LinkedHashMap<>();

    PendingIdsInOwnJvm(EnricherContender enricher) {
        this.enricher = enricher;
    }

    /** Heap, resident memory and options of the last run, for the report. */
    Map<String, Object> figures() {
        return figures;
    }

    Measurement run(HubSpotSimulator hubspot, List<CrmObjectChangeEvent> events, AssociationPairs pairs,
                    Map<String, String> overrides, Duration timeout) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path dir = Files.createTempDirectory("enricher-own-jvm-");
        try (SchemaRegistrySimulator registry = SchemaRegistrySimulator.startOnFreePort()) {
            Map<String, String> settings = enricher.settings(run, hubspot, pairs, overrides);
            settings.put("schema-registry.url", registry.url());
            EnricherConfig config = EnricherConfig.fromMap(settings);
            TopicProvisioner.ensure(enricher.adminProperties(), config.topics());
            EnricherSerdes serdes = EnricherSerdes.using(new RestSchemaRegistry(registry.url(), RegistryAuth.none()));
            try (BenchProducer producer = new BenchProducer(config.bootstrapServers(), config.topics().input(), serdes)) {
                producer.sendAll(events);
            }
            long target = ExpectedKeys.of(events, pairs).size();
            try (ServiceProcess service = ServiceProcess.start(settings, JVM_OPTIONS, dir)) {
                long start = System.nanoTime();
                long deadline = start + timeout.toNanos();
                double pending = 0;
                while (pending < target && System.nanoTime() < deadline) {
                    if (!service.isAlive()) {
                        throw new IllegalStateException("the enricher exited:\n" + service.logTail());
                    }
                    Thread.sleep(500); // benchmark harness: waits for the store to hold every id
                    pending = service.metric("enricher_pending_ids", "");
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                long rss = service.rssMb();
                figures.put("jvm_options", String.join(" ", JVM_OPTIONS));
                figures.put("pending_ids", (long) pending);
                figures.put("rss_mb", rss);
                figures.put("heap_used_mb", Math.round(service.metric("jvm_memory_used_bytes", "area=\"heap\"") / 1048576));
                figures.put("heap_committed_mb", Math.round(service.metric("jvm_memory_committed_bytes", "area=\"heap\"") / 1048576));
                figures.put("non_heap_used_mb", Math.round(service.metric("jvm_memory_used_bytes", "area=\"nonheap\"") / 1048576));
                figures.put("rocksdb_budget_mb", config.rocksDbMemoryMb());
                return new Measurement(seconds, (long) pending, events.size(), hubspot.stats().totalCalls(), 0, 0,
                        List.of(), rss, (long) pending, 0);
            }
        }
    }
}
