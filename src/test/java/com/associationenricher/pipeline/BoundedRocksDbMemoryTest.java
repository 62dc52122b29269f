package com.associationenricher.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

class BoundedRocksDbMemoryTest {
    static {
        RocksDB.loadLibrary();
    }

    @Test
    void everyStoreSharesOneCacheAndHasSmallMemtablesCountedInIt() {
        Map<String, Object> configs = Map.of(BoundedRocksDbMemory.BUDGET_BYTES, String.valueOf(32L * 1024 * 1024));
        BoundedRocksDbMemory setter = new BoundedRocksDbMemory();
        try (Options first = new Options().setTableFormatConfig(new BlockBasedTableConfig());
             Options second = new Options().setTableFormatConfig(new BlockBasedTableConfig())) {
            setter.setConfig("pending-lookups", first, configs);
            setter.setConfig("last-changes", second, configs);

            // The write buffer manager is built on the one cache: the same instance means the same budget.
            assertThat(first.writeBufferManager()).isNotNull().isSameAs(second.writeBufferManager());
            assertThat(second.writeBufferSize()).isEqualTo(8L * 1024 * 1024);
            assertThat(first.writeBufferSize()).isEqualTo(8L * 1024 * 1024);
            assertThat(first.maxWriteBufferNumber()).isEqualTo(2);
            BlockBasedTableConfig table = (BlockBasedTableConfig) first.tableFormatConfig();
            assertThat(table.cacheIndexAndFilterBlocks()).isTrue();
            assertThat(table.pinTopLevelIndexAndFilter()).isTrue();
            setter.close("pending-lookups", first);
            setter.close("last-changes", second);
        }
    }

    @Test
    void withoutABudgetSettingItUses128MiB() {
        assertThat(BoundedRocksDbMemory.budget(Map.of())).isEqualTo(128L * 1024 * 1024);
        assertThat(BoundedRocksDbMemory.budget(Map.of(BoundedRocksDbMemory.BUDGET_BYTES, "1048576"))).isEqualTo(1_048_576L);
    }
}
