package com.associationenricher.pipeline;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the off-heap memory of all the instance's RocksDB stores together (Kafka Streams' "bounded memory" recipe).
 * Left to Kafka Streams' defaults, every store of every task gets its own 50 MB block cache and up to three 16 MB
 * memtables: 4 tasks with 4 stores each may use 1.5 GB outside the heap, which a 1 GiB container does not have.
 * Here one LRU cache of {@code state.rocksdb-memory-mb} holds the index and filter blocks, the data blocks and (through
 * a write buffer manager) the memtables of every store. Bloom filters (Kafka Streams' default) stay on, so a lookup
 * of a key that is not there (most {@code get}s of a new id) rarely reads a block; the memtables get one of their own.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {
    /** The Streams property carrying the budget in bytes (set by {@link EnricherService}). */
    public static final String BUDGET_BYTES = "association-enricher.rocksdb.memory.bytes";
    /** Memtables may take up to half of the budget; they are charged to the same cache. */
    private static final double MEMTABLE_SHARE = 0.5;
    private static final long MEMTABLE_BYTES = 8 * 1024 * 1024L;
    private static final int MEMTABLES = 2;
    /** The memtable bloom filter's share of each memtable (charged to it): 10 %, RocksDB's suggested value. */
    private static final double MEMTABLE_BLOOM_RATIO = 0.1;

    private record Shared(Cache cache, WriteBufferManager writeBuffers) {
    }

    /** One cache per budget and JVM, shared by every store: the bound is for the process, not per store. */
    private static final Map<Long, Shared> SHARED = new ConcurrentHashMap<>();

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        long budget = budget(configs);
        Shared shared = SHARED.computeIfAbsent(budget, bytes -> {
            // High-priority pool of 10 % for index and filter blocks, so they are evicted last.
            Cache cache = new LRUCache(bytes, -1, false, 0.1);
            return new Shared(cache, new WriteBufferManager((long) (bytes * MEMTABLE_SHARE), cache));
        });
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(shared.cache());
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setTableFormatConfig(table);
        options.setWriteBufferManager(shared.writeBuffers());
        options.setWriteBufferSize(MEMTABLE_BYTES);
        options.setMaxWriteBufferNumber(MEMTABLES);
        // A bloom filter over the whole keys of each memtable too: most gets of a new id miss, and without it every
        // miss searches the memtable's skip list (about 4 % of the stream thread's CPU in the cpu_bound bench).
        options.setMemtablePrefixBloomSizeRatio(MEMTABLE_BLOOM_RATIO);
        options.setMemtableWholeKeyFiltering(true);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and write buffer manager are shared by every store of the process: never closed with one of them.
    }

    static long budget(Map<String, Object> configs) {
        Object value = configs.get(BUDGET_BYTES);
        return value == null ? 128L * 1024 * 1024 : Long.parseLong(value.toString());
    }
}
