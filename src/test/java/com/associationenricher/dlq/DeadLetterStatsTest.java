package com.associationenricher.dlq;

import static com.associationenricher.dlq.DeadLetters.at;
import static com.associationenricher.dlq.DeadLetters.lookup;
import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.events.avro.DeadLetterReason;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeadLetterStatsTest {

    static final Instant T = Instant.parse("2026-05-01T12:00:00Z");

    @Test
    void groupsCountWithFirstAndLastSeen() {
        DeadLetterStats stats = new DeadLetterStats();
        stats.add(at(0, 0, T.plusSeconds(30), lookup(DeadLetterReason.MISSING_SCOPES, 1, "contacts", "1", "companies")));
        stats.add(at(0, 1, T, lookup(DeadLetterReason.MISSING_SCOPES, 2, "contacts", "2", "companies")));
        stats.add(at(0, 2, T.plusSeconds(90), lookup(DeadLetterReason.OBJECT_ERROR, 1, "deals", "3", "contacts")));
        stats.addUnreadable();

        assertThat(stats.total()).isEqualTo(3);
        assertThat(stats.unreadable()).isEqualTo(1);
        assertThat(stats.byReason().get("MISSING_SCOPES")).isEqualTo(new DeadLetterStats.Tally(2, T, T.plusSeconds(30)));
        assertThat(stats.byReason().get("OBJECT_ERROR").count()).isEqualTo(1);
        assertThat(stats.byCategory()).containsOnlyKeys("MISSING_SCOPES", "OBJECT_NOT_FOUND");
        assertThat(stats.byPortal().get("1").count()).isEqualTo(2);
        assertThat(stats.byTypePair().get("contacts->companies").count()).isEqualTo(2);
        assertThat(stats.byTypePair().get("deals->contacts").lastSeen()).isEqualTo(T.plusSeconds(90));
    }

    @Test
    void rejectedInputCountsUnderNoneAndUnknownTypes() {
        DeadLetterStats stats = new DeadLetterStats();
        stats.add(at(0, 0, T, DeadLetters.rejectedInput(DeadLetterReason.UNDECODABLE_EVENT, "in", 0, 1, null, "x")));

        assertThat(stats.byPortal()).containsOnlyKeys("(none)");
        assertThat(stats.byCategory()).containsOnlyKeys("(none)");
        assertThat(stats.byTypePair()).containsOnlyKeys("?->?");
    }

    @Test
    void tableShowsEachGroupLargestFirst() {
        DeadLetterStats stats = new DeadLetterStats();
        stats.add(at(0, 0, T, lookup(DeadLetterReason.OBJECT_ERROR, 1, "deals", "3", "contacts")));
        stats.add(at(0, 1, T, lookup(DeadLetterReason.MISSING_SCOPES, 1, "contacts", "1", "companies")));
        stats.add(at(0, 2, T.plusSeconds(5), lookup(DeadLetterReason.MISSING_SCOPES, 1, "contacts", "2", "companies")));

        String table = stats.render("crm.associations.dlq");

        assertThat(table).startsWith("3 dead letters in crm.associations.dlq, first 2026-05-01T12:00:00Z, last 2026-05-01T12:00:05Z\n");
        assertThat(table).containsPattern("REASON\\s+COUNT\\s+FIRST SEEN\\s+LAST SEEN");
        assertThat(table).containsPattern("MISSING_SCOPES\\s+2\\s+2026-05-01T12:00:00Z\\s+2026-05-01T12:00:05Z");
        assertThat(table.indexOf("MISSING_SCOPES ")).isLessThan(table.indexOf("OBJECT_ERROR "));
        assertThat(table).containsPattern("FROM->TO\\s+COUNT").containsPattern("contacts->companies\\s+2");
    }

    @Test
    void emptyTopicSaysSo() {
        assertThat(new DeadLetterStats().render("dlq")).isEqualTo("0 dead letters in dlq\n");
    }
}
