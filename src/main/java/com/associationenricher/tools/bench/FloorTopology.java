package com.associationenricher.tools.bench;

import com.associationenricher.config.AssociationPairs;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.pipeline.BoundedRocksDbMemory;
import com.associationenricher.pipeline.EnricherSerdes;
import com.associationenricher.pipeline.ObjectChanges;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The floor under the enricher's topology: the Kafka Streams work that its guarantees need, with nothing else. Each
 * input record is decoded once to find its object and written to a repartition topic keyed by object (per-object order
 * across instances); per association pair of the object's type, the key's change is put in a changelogged, cached
 * {@code pending} store (no id lost in a crash), and answered at once when 1,000 keys wait or at a 100 ms tick (no
 * HubSpot, no {@code batch.max-wait}): the pending entry is deleted, the answer put in a changelogged, cached
 * {@code emitted} store (added and removed associations need the last answer) and one record written to the output.
 * No Avro after the first decode, no ordering store, no HTTP, no metrics. Run with the enricher's Streams defaults
 * (the passthrough runs with Kafka's). The floor pays for the writes that make a crash lose nothing, not for the
 * recovery: {@code init} does not read back what {@code pending} holds, so a task closed and opened again during a run
 * (a rebalance) leaves keys unanswered and the run fails with a timeout, loudly. A bench reference only.
 * Without the repartition ({@link #KEYED_NAME}) it is the floor of {@code input.keyed-by-object=true}: the input's
 * records are already on the partition of their object, and the decode only finds the object (the key is not trusted,
 * as the intake does not trust it either).
 *
 * <p>The {@link Layout} says how the per-key state is stored: {@link Layout#MINIMAL} is the floor above; the other three
 * (scenario {@code floor_layouts}) price the enricher's store layout against a single store per key, with the same
 * answering and no other work.
 */
final class FloorTopology implements ReferenceTopology {
    static final String NAME = "streams-floor";
    /** The same without the repartition: input already keyed by object ({@code input.keyed-by-object=true}). */
    static final String KEYED_NAME = "streams-floor-keyed";
    /** The floor with the enricher's three stores, with two, and with one store per key (scenario floor_layouts). */
    static final String ENRICHER_LAYOUT_NAME = "streams-floor-enricher-layout";
    static final String SINGLE_STORE_NAME = "streams-floor-single-store";
    static final String ORDER_IN_EMITTED_NAME = "streams-floor-order-in-emitted";
    static final String LAST_CHANGES = "last-changes";

    /** How the floor keeps each key's state, as store operations per key and change. */
    enum Layout {
        /** {@code pending} put, then deleted and the answer put in {@code emitted}: three writes, no read. */
        MINIMAL,
        /**
         * The enricher's: as MINIMAL, plus {@code last-changes} read when a key starts waiting (ordering), {@code emitted}
         * read before the answer is put (the delta) and {@code last-changes} written with the answer (ordering memory).
         */
        ENRICHER,
        /**
         * The enricher's with {@code last-changes} folded into {@code emitted}: {@code emitted} read when a key starts
         * waiting and again before the answer, which is put once with the change time; {@code pending} as MINIMAL.
         */
        ORDER_IN_EMITTED,
        /**
         * One store per key for all three ({@code emitted} only): read when a key starts waiting, put while it waits, put
         * again with the answer.
         */
        SINGLE_STORE
    }

    private static final int BATCH = 1_000;
    private static final byte[] ANSWER_PADDING = new byte[120];
    /** A waiting key's state in the single store: about a pending entry's size. */
    private static final int PENDING_STATE_BYTES = 64;
    private final AssociationPairs pairs;
    private final boolean repartition;
    private final Layout layout;

    /** @param repartition false: no repartition, the input being on its object's partition already (the workload keys by object) */
    FloorTopology(AssociationPairs pairs, boolean repartition) {
        this(pairs, repartition, Layout.MINIMAL);
    }

    FloorTopology(AssociationPairs pairs, boolean repartition, Layout layout) {
        this.pairs = pairs;
        this.repartition = repartition;
        this.layout = layout;
    }

    /** The enricher's own Kafka Streams defaults (StreamsDefaults), for a floor under the same settings. */
    static Map<String, String> enricherDefaults(Map<String, String> streamsSettings) {
        Map<String, String> settings = new java.util.HashMap<>(streamsSettings);
        settings.putIfAbsent(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, String.valueOf(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED));
        settings.putIfAbsent(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class.getName());
        settings.putIfAbsent(BoundedRocksDbMemory.BUDGET_BYTES, String.valueOf(128L * 1024 * 1024));
        settings.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        return settings;
    }

    @Override
    public String name() {
        return nameOf(layout, repartition);
    }

    /** The contender's name of a floor with this layout, with or without the repartition. */
    static String nameOf(Layout layout, boolean repartition) {
        return switch (layout) {
            case MINIMAL -> repartition ? NAME : KEYED_NAME;
            case ENRICHER -> ENRICHER_LAYOUT_NAME + (repartition ? "" : "-keyed");
            case ORDER_IN_EMITTED -> ORDER_IN_EMITTED_NAME + (repartition ? "" : "-keyed");
            case SINGLE_STORE -> SINGLE_STORE_NAME + (repartition ? "" : "-keyed");
        };
    }

    @Override
    public Topology build(String input, String output, EnricherSerdes serdes, Runnable onRecord) {
        Deserializer<CrmObjectChangeEvent> decoder = serdes.changeEvents().deserializer();
        StreamsBuilder builder = new StreamsBuilder();
        List<String> stores = switch (layout) {
            case MINIMAL, ORDER_IN_EMITTED -> List.of("pending", "emitted");
            case ENRICHER -> List.of("pending", "emitted", LAST_CHANGES);
            case SINGLE_STORE -> List.of("emitted");
        };
        stores.forEach(name -> builder.addStateStore(name.equals("emitted")
                ? Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.ByteArray()).withCachingEnabled()
                : Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.Long()).withCachingEnabled()));
        KStream<String, byte[]> byObject = builder.stream(input, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .map((key, value) -> {
                    onRecord.run();
                    return KeyValue.pair(ObjectChanges.objectKey(decoder.deserialize(input, value)), value);
                });
        if (repartition) {
            byObject = byObject.repartition(Repartitioned.with(Serdes.String(), Serdes.ByteArray()).withName("by-object"));
        }
        byObject.process(Answering::new, stores.toArray(String[]::new))
                .to(output, Produced.with(Serdes.String(), Serdes.ByteArray()));
        return builder.build();
    }

    @Override
    public long expectedUnits(List<CrmObjectChangeEvent> events) {
        return events.stream().mapToLong(e -> pairs.targetsOf(e.getObjectType().toString()).size()).sum();
    }

    @Override
    public long unitsOf(byte[] outputValue) {
        return ByteBuffer.wrap(outputValue).getLong();
    }

    /** Keeps each change as the layout says and answers every waiting key at 1,000 or at the tick. */
    private final class Answering implements Processor<String, byte[], String, byte[]> {
        private final Map<String, Long> waiting = new LinkedHashMap<>();
        private ProcessorContext<String, byte[]> context;
        private KeyValueStore<String, Long> pending;
        private KeyValueStore<String, byte[]> emitted;
        private KeyValueStore<String, Long> lastChanges;

        @Override
        public void init(ProcessorContext<String, byte[]> context) {
            this.context = context;
            this.pending = layout == Layout.SINGLE_STORE ? null : context.getStateStore("pending");
            this.emitted = context.getStateStore("emitted");
            this.lastChanges = layout == Layout.ENRICHER ? context.getStateStore(LAST_CHANGES) : null;
            waiting.clear();
            context.schedule(Duration.ofMillis(100), PunctuationType.WALL_CLOCK_TIME, now -> answerAll());
        }

        @Override
        public void process(Record<String, byte[]> record) {
            // The key is portal:type:id (ObjectChanges.objectKey).
            String type = record.key().split(":", 3)[1];
            for (String target : pairs.targetsOf(type)) {
                String key = record.key() + ":" + target;
                boolean starts = !waiting.containsKey(key);
                long changes = waiting.merge(key, 1L, Long::sum);
                switch (layout) {
                    case MINIMAL -> pending.put(key, changes);
                    case ENRICHER -> {
                        if (starts) {
                            lastChanges.get(key);
                        }
                        pending.put(key, changes);
                    }
                    case ORDER_IN_EMITTED -> {
                        if (starts) {
                            emitted.get(key);
                        }
                        pending.put(key, changes);
                    }
                    case SINGLE_STORE -> {
                        if (starts) {
                            emitted.get(key);
                        }
                        emitted.put(key, ByteBuffer.allocate(PENDING_STATE_BYTES).putLong(changes).array());
                    }
                }
            }
            if (waiting.size() >= BATCH) {
                answerAll();
            }
        }

        private void answerAll() {
            long now = System.currentTimeMillis();
            waiting.forEach((key, changes) -> {
                if (layout != Layout.SINGLE_STORE) {
                    pending.put(key, null);
                }
                if (layout == Layout.ENRICHER) {
                    emitted.get(key);
                    lastChanges.put(key, now);
                } else if (layout == Layout.ORDER_IN_EMITTED) {
                    emitted.get(key);
                }
                emitted.put(key, ByteBuffer.allocate(16).putLong(changes).putLong(now).array());
                context.forward(new Record<>(key, ByteBuffer.allocate(8 + ANSWER_PADDING.length).putLong(changes)
                        .put(ANSWER_PADDING).array(), now));
            });
            waiting.clear();
        }
    }
}
