package com.associationenricher.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.testkit.KafkaBroker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The backfill and reconcile scenarios at their smallest size (2,000 objects): every figure is there and sane. */
@ExtendWith(KafkaBroker.class)
class BackfillScenarioIT {

    @TempDir
    Path output;

    @Test
    @SuppressWarnings("unchecked")
    void aTinyBackfillThenReconcileReportsCallsDelaysSuppressionAndStoreBytes() throws Exception {
        StringWriter log = new StringWriter();
        BenchReport report = new BenchReport(new BenchRun.Options(0.001, 1, output));

        new BackfillScenario(KafkaBroker.bootstrapServers(), 0.001, new PrintWriter(log)).run(report, true);

        Map<String, Object> results = report.results();
        Map<String, Object> backfill = (Map<String, Object>) results.get(BackfillScenario.BACKFILL);
        assertThat(backfill).as(log.toString()).containsEntry("objects", 2_000).containsEntry("keys", 2_400L);
        assertThat((long) backfill.get("list_calls")).isGreaterThanOrEqualTo((long) backfill.get("min_list_calls"))
                .isLessThan((long) backfill.get("min_list_calls") + 10);
        assertThat((long) backfill.get("min_batch_read_calls")).isEqualTo(4);
        assertThat((long) backfill.get("batch_read_calls")).isGreaterThanOrEqualTo(4);
        assertThat((int) backfill.get("live_changes")).isPositive();
        assertThat((long) backfill.get("live_p99_ms")).isPositive();
        Map<String, Object> reconcile = (Map<String, Object>) results.get(BackfillScenario.RECONCILE);
        assertThat(reconcile).as(log.toString()).containsEntry("answers", 2_400L).containsEntry("suppressed_share", 1.0);
        assertThat((double) reconcile.get("record_bytes_per_entry")).isBetween(20.0, 500.0);
        assertThat((double) reconcile.get("changelog_bytes_on_disk_per_key")).isPositive();
    }
}
