package com.associationenricher.dlq;

import static com.associationenricher.dlq.DeadLetters.at;
import static com.associationenricher.dlq.DeadLetters.lookup;
import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.events.avro.ChangeType;
import com.associationenricher.events.avro.DeadLetterReason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReplayPlanTest {

    static final Instant NOW = Instant.parse("2026-05-02T08:00:00Z");

    @Test
    void deadLettersOfOneObjectBecomeOneUpdatedChangeEvent() {
        ReplayPlan plan = new ReplayPlan(false, NOW);
        plan.offer(at(2, 40, NOW, lookup(DeadLetterReason.MISSING_SCOPES, 7, "contacts", "101", "companies")));
        plan.offer(at(0, 3, NOW, lookup(DeadLetterReason.RETRIES_EXHAUSTED, 7, "contacts", "101", "deals")));
        plan.offer(at(1, 9, NOW, lookup(DeadLetterReason.MISSING_SCOPES, 7, "contacts", "102", "companies")));

        assertThat(plan.items()).hasSize(2);
        var first = (ReplayItem.ChangeEvent) plan.items().get(0);
        assertThat(first.key()).isEqualTo("7:contacts:101");
        assertThat(first.deadLetters()).isEqualTo(2);
        assertThat(first.event().getEventId()).isEqualTo("replay-2-40");
        assertThat(first.event().getChangeType()).isEqualTo(ChangeType.UPDATED);
        assertThat(first.event().getPortalId()).isEqualTo(7);
        assertThat(first.event().getObjectType()).isEqualTo("contacts");
        assertThat(first.event().getObjectId()).isEqualTo("101");
        assertThat(first.event().getOccurredAt()).isEqualTo(NOW);
        ReplaySummary summary = plan.summary("in", false, 0, 2);
        assertThat(summary.render()).contains("3 dead letters -> 2 change events");
        assertThat(summary.byReason().get(DeadLetterReason.MISSING_SCOPES)).isEqualTo(new ReasonTally(2, 0));
    }

    @Test
    void invalidInputIsSkippedUnlessIncluded() {
        DeadLetterRecord invalid = at(0, 1, NOW, DeadLetters.rejectedInput(DeadLetterReason.INVALID_EVENT, "in", 3, 77, "k", "{\"x\":1}"));

        ReplayPlan without = new ReplayPlan(false, NOW);
        without.offer(invalid);
        assertThat(without.items()).isEmpty();
        ReplaySummary skipped = without.summary("in", true, 0, 0);
        assertThat(skipped.skippedInvalid()).isEqualTo(1);
        assertThat(skipped.render()).contains("--include-invalid");

        ReplayPlan with = new ReplayPlan(true, NOW);
        with.offer(invalid);
        var raw = (ReplayItem.RawInput) with.items().get(0);
        assertThat(new String(raw.key(), StandardCharsets.UTF_8)).isEqualTo("k");
        assertThat(new String(raw.value(), StandardCharsets.UTF_8)).isEqualTo("{\"x\":1}");
    }

    @Test
    void identicalRejectedInputIsSentOnce() {
        ReplayPlan plan = new ReplayPlan(true, NOW);
        plan.offer(at(0, 1, NOW, DeadLetters.rejectedInput(DeadLetterReason.INVALID_EVENT, "in", 3, 77, "k", "{}")));
        plan.offer(at(0, 2, NOW, DeadLetters.rejectedInput(DeadLetterReason.INVALID_EVENT, "in", 3, 77, "k", "{}")));
        plan.offer(at(0, 3, NOW, DeadLetters.rejectedInput(DeadLetterReason.INVALID_EVENT, "in", 3, 78, "k", "{ }")));

        assertThat(plan.items()).hasSize(2);
    }

    @Test
    void truncatedOrKeylessDeadLettersCannotBeReplayed() {
        var truncated = DeadLetters.rejectedInput(DeadLetterReason.INVALID_EVENT, "in", 0, 1, null, "{");
        truncated.setMessage("too big (raw value of 300000 bytes truncated to 262144)");
        var noObject = lookup(DeadLetterReason.OTHER, 1, "contacts", "1", "companies");
        noObject.setObjectId(null);
        ReplayPlan plan = new ReplayPlan(true, NOW);
        plan.offer(at(0, 1, NOW, truncated));
        plan.offer(at(0, 2, NOW, noObject));

        assertThat(plan.items()).isEmpty();
        assertThat(plan.summary("in", false, 0, 0).skippedIncomplete()).isEqualTo(2);
    }

    @Test
    void headersNameTheDeadLetterReplayed() {
        ReplayPlan plan = new ReplayPlan(false, NOW);
        plan.offer(at(4, 12, NOW, lookup(DeadLetterReason.MISSING_SCOPES, 7, "contacts", "101", "companies")));

        var headers = plan.items().get(0).headers();
        assertThat(DeadLetterHeaders.read(headers, "replay")).isEqualTo("true");
        assertThat(DeadLetterHeaders.read(headers, "replay.source-topic")).isEqualTo("dlq");
        assertThat(DeadLetterHeaders.read(headers, "replay.source-partition")).isEqualTo("4");
        assertThat(DeadLetterHeaders.read(headers, "replay.source-offset")).isEqualTo("12");
    }
}
