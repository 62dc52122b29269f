package com.associationenricher.dlq;

import static com.associationenricher.dlq.DeadLetters.at;
import static com.associationenricher.dlq.DeadLetters.lookup;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.associationenricher.events.avro.DeadLetterReason;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeadLetterFilterTest {

    static final Instant T = Instant.parse("2026-05-01T12:00:00Z");

    final List<DeadLetterRecord> records = List.of(
            at(0, 0, T, lookup(DeadLetterReason.MISSING_SCOPES, 1, "contacts", "1", "companies")),
            at(0, 1, T.plusSeconds(60), lookup(DeadLetterReason.MISSING_SCOPES, 2, "contacts", "2", "deals")),
            at(1, 0, T.plusSeconds(120), lookup(DeadLetterReason.OBJECT_ERROR, 1, "deals", "3", "contacts")),
            at(1, 1, T.plusSeconds(180), DeadLetters.rejectedInput(DeadLetterReason.INVALID_EVENT, "in", 0, 5, null, "{}")));

    private List<String> offsetsMatching(DeadLetterFilter filter) {
        return records.stream().filter(filter::matches).map(DeadLetterRecord::coordinates).toList();
    }

    @Test
    void emptyFilterMatchesEveryDeadLetter() {
        assertThat(offsetsMatching(DeadLetterFilter.all())).containsExactly("0/0", "0/1", "1/0", "1/1");
    }

    @Test
    void reasonsMatchAnyOfTheGivenOnes() {
        assertThat(offsetsMatching(DeadLetterFilter.all().withReasons(DeadLetterReason.MISSING_SCOPES))).containsExactly("0/0", "0/1");
        assertThat(offsetsMatching(DeadLetterFilter.all().withReasons(DeadLetterReason.OBJECT_ERROR, DeadLetterReason.INVALID_EVENT)))
                .containsExactly("1/0", "1/1");
    }

    @Test
    void everyGivenCriterionMustMatch() {
        assertThat(offsetsMatching(DeadLetterFilter.all().withPortal(1))).containsExactly("0/0", "1/0");
        assertThat(offsetsMatching(DeadLetterFilter.all().withPortal(1).withReasons(DeadLetterReason.MISSING_SCOPES)))
                .containsExactly("0/0");
        assertThat(offsetsMatching(DeadLetterFilter.all().withTypes("contacts", null))).containsExactly("0/0", "0/1");
        assertThat(offsetsMatching(DeadLetterFilter.all().withTypes(null, "DEALS"))).containsExactly("0/1");
        assertThat(offsetsMatching(DeadLetterFilter.all().withCategory("object_not_found"))).containsExactly("1/0");
    }

    @Test
    void sinceIsInclusiveAndUntilExclusive() {
        assertThat(offsetsMatching(DeadLetterFilter.all().withTimes(T.plusSeconds(60), T.plusSeconds(180))))
                .containsExactly("0/1", "1/0");
    }

    @Test
    void aLimitBelowOneIsRefused() {
        assertThatThrownBy(() -> DeadLetterFilter.all().withLimit(0)).hasMessageContaining("limit must be at least 1");
    }
}
