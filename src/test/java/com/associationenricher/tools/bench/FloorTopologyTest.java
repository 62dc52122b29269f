package com.associationenricher.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.config.AssociationPairs;
import com.associationenricher.events.InMemorySchemaRegistry;
import com.associationenricher.events.avro.ChangeType;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.pipeline.EnricherSerdes;
import com.associationenricher.testkit.StateDirs;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The floor reference does the work it claims: per association pair of each change's type, a pending entry put and
 * deleted and an answer put in its changelogged stores, and output whose units add up to what the harness waits for.
 */
class FloorTopologyTest {
    private static final AssociationPairs PAIRS = AssociationPairs.parse("contacts:companies,contacts:deals,companies:contacts");

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void everyChangeOfEveryPairIsAnsweredOnceItsBatchIsFullOrAtTheTick(boolean repartition) {
        FloorTopology floor = new FloorTopology(PAIRS, repartition);
        EnricherSerdes serdes = EnricherSerdes.using(InMemorySchemaRegistry.scope("floor-test-" + repartition));
        List<CrmObjectChangeEvent> events = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            events.add(event("contacts", String.valueOf(i % 550)));
        }
        events.add(event("contacts", "549"));
        events.add(event("companies", "7"));
        events.add(event("deals", "9"));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "floor-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, StateDirs.fresh());
        int[] records = {0};
        try (TopologyTestDriver driver = new TopologyTestDriver(floor.build("in", "out", serdes, () -> records[0]++), props)) {
            TestInputTopic<byte[], byte[]> in = driver.createInputTopic("in", new ByteArraySerializer(), new ByteArraySerializer());
            TestOutputTopic<String, byte[]> out = driver.createOutputTopic("out", new StringDeserializer(), new ByteArrayDeserializer());
            events.forEach(e -> in.pipeInput(new byte[0], serdes.changeEvents().serializer().serialize("in", e)));

            // Two keys per contact: the 500th contact made the 1,000th key waiting, and those 1,000 were answered at once.
            List<KeyValue<String, byte[]>> firstBatch = out.readKeyValuesToList();
            assertThat(firstBatch).hasSize(1_000).extracting(kv -> kv.key).contains("42:contacts:499:deals");
            KeyValueStore<String, Long> pending = driver.getKeyValueStore("pending");
            assertThat(pending.get("42:contacts:499:deals")).isNull();
            // A key changed twice while waiting holds both changes; one answered and changed again waits anew.
            assertThat(pending.get("42:contacts:549:companies")).isEqualTo(2L);
            assertThat(pending.get("42:contacts:0:companies")).isEqualTo(1L);
            assertThat(pending.get("42:deals:9:contacts")).isNull();

            driver.advanceWallClockTime(Duration.ofMillis(100));
            List<KeyValue<String, byte[]>> rest = out.readKeyValuesToList();
            long units = firstBatch.stream().mapToLong(kv -> floor.unitsOf(kv.value)).sum()
                    + rest.stream().mapToLong(kv -> floor.unitsOf(kv.value)).sum();
            assertThat(units).isEqualTo(floor.expectedUnits(events)).isEqualTo(1_203);
            assertThat(rest).extracting(kv -> kv.key).contains("42:contacts:549:companies", "42:companies:7:contacts")
                    .doesNotContain("42:deals:9:contacts");
            try (var left = pending.all()) {
                assertThat(left).isExhausted();
            }
            KeyValueStore<String, byte[]> emitted = driver.getKeyValueStore("emitted");
            assertThat(emitted.get("42:contacts:549:deals")).hasSize(16);
            assertThat(records[0]).isEqualTo(events.size());
        }
    }

    /** The layouts of scenario floor_layouts answer the same units and keep their state where they say. */
    @ParameterizedTest
    @EnumSource(value = FloorTopology.Layout.class, names = {"ENRICHER", "ORDER_IN_EMITTED", "SINGLE_STORE"})
    void theOtherLayoutsAnswerEveryChangeAndKeepTheirOwnStores(FloorTopology.Layout layout) {
        FloorTopology floor = new FloorTopology(PAIRS, true, layout);
        EnricherSerdes serdes = EnricherSerdes.using(InMemorySchemaRegistry.scope("floor-layout-test-" + layout));
        List<CrmObjectChangeEvent> events = List.of(event("contacts", "1"), event("contacts", "1"), event("companies", "7"));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "floor-layout-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, StateDirs.fresh());
        try (TopologyTestDriver driver = new TopologyTestDriver(floor.build("in", "out", serdes, () -> { }), props)) {
            TestInputTopic<byte[], byte[]> in = driver.createInputTopic("in", new ByteArraySerializer(), new ByteArraySerializer());
            TestOutputTopic<String, byte[]> out = driver.createOutputTopic("out", new StringDeserializer(), new ByteArrayDeserializer());
            events.forEach(e -> in.pipeInput(new byte[0], serdes.changeEvents().serializer().serialize("in", e)));
            KeyValueStore<String, byte[]> emitted = driver.getKeyValueStore("emitted");
            if (layout == FloorTopology.Layout.SINGLE_STORE) {
                // While it waits, the key's one entry is its pending state.
                assertThat(emitted.get("42:contacts:1:deals")).hasSize(64);
                assertThat(driver.getAllStateStores()).containsOnlyKeys("emitted");
            } else {
                assertThat(driver.<String, Long>getKeyValueStore("pending").get("42:contacts:1:deals")).isEqualTo(2L);
                if (layout == FloorTopology.Layout.ENRICHER) {
                    assertThat(driver.getAllStateStores()).containsOnlyKeys("pending", "emitted", FloorTopology.LAST_CHANGES);
                } else {
                    assertThat(driver.getAllStateStores()).containsOnlyKeys("pending", "emitted");
                }
            }

            driver.advanceWallClockTime(Duration.ofMillis(100));
            List<KeyValue<String, byte[]>> answers = out.readKeyValuesToList();
            assertThat(answers).extracting(kv -> kv.key)
                    .containsExactlyInAnyOrder("42:contacts:1:companies", "42:contacts:1:deals", "42:companies:7:contacts");
            assertThat(answers.stream().mapToLong(kv -> floor.unitsOf(kv.value)).sum()).isEqualTo(floor.expectedUnits(events)).isEqualTo(5);
            assertThat(emitted.get("42:contacts:1:deals")).hasSize(16);
            if (layout == FloorTopology.Layout.ENRICHER) {
                assertThat(driver.<String, Long>getKeyValueStore(FloorTopology.LAST_CHANGES).get("42:companies:7:contacts")).isNotNull();
            }
            if (layout != FloorTopology.Layout.SINGLE_STORE) {
                try (var left = driver.<String, Long>getKeyValueStore("pending").all()) {
                    assertThat(left).isExhausted();
                }
            }
        }
    }

    private static CrmObjectChangeEvent event(String type, String id) {
        return CrmObjectChangeEvent.newBuilder().setEventId("e-" + type + id).setPortalId(42).setObjectType(type)
                .setObjectId(id).setChangeType(ChangeType.UPDATED).setOccurredAt(Instant.ofEpochMilli(1_700_000_000_000L))
                .setMergedObjectIds(List.of()).build();
    }
}
