package com.associationenricher.tools.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * How a backlog run went over time, from the enricher's own counters read as the bench waits for it: how many changes
 * the lookup batcher had taken and how many lookups it had answered at each moment. A backlog's throughput
 * ({@code cpu_events_per_s}) also holds two fixed costs that do not grow with the backlog: the ramp while the first
 * changes cross the repartition topic (under exactly-once they are readable only once their transaction commits), and
 * the tail after the last change is taken, when the last batches that are not full wait their {@code batch.max-wait}.
 * This separates them: {@link Summary#steadyEventsPerSecond} is the rate while the middle of the lookups were
 * answered, {@link Summary#tailSeconds} the time from the last change taken to the end.
 */
final class RunTimeline {
    /** The lookups answered before the steady window opens and after it closes, as shares of all of them. */
    static final double STEADY_FROM = 0.1;
    static final double STEADY_TO = 0.9;

    /** What the timeline says about a run; {@link #NONE} where it was not measured. */
    record Summary(double steadyEventsPerSecond, double tailSeconds) {
        static final Summary NONE = new Summary(0, 0);
    }

    private record Sample(double seconds, long changesTaken, long lookupsAnswered) {
    }

    private final List<Sample> samples = new ArrayList<>();

    /** The counters at {@code seconds} since the run's clock started; samples come in time order. */
    void sample(double seconds, long changesTaken, long lookupsAnswered) {
        samples.add(new Sample(seconds, changesTaken, lookupsAnswered));
    }

    /**
     * The summary of a run that ended at {@code endSeconds} with {@code events} input events. The steady rate is the
     * lookups answered between the first samples at or past 10 % and 90 % of the last count, over the time between
     * them, in input events (times the run's events per lookup); 0 when the samples cannot tell (the lookups answered
     * at once, as a tiny run's are). The tail starts at the first sample that shows the final count of changes taken.
     * NONE without samples.
     */
    Summary summary(double endSeconds, long events) {
        if (samples.isEmpty()) {
            return Summary.NONE;
        }
        Sample last = samples.get(samples.size() - 1);
        Sample allTaken = samples.stream().filter(s -> s.changesTaken() >= last.changesTaken()).findFirst().orElseThrow();
        return new Summary(steadyEventsPerSecond(last.lookupsAnswered(), events), Math.max(0, endSeconds - allTaken.seconds()));
    }

    private double steadyEventsPerSecond(long total, long events) {
        Sample from = firstReaching(Math.ceil(total * STEADY_FROM));
        Sample to = firstReaching(Math.ceil(total * STEADY_TO));
        if (total <= 0 || from == null || to == null || to.seconds() <= from.seconds() || to.lookupsAnswered() <= from.lookupsAnswered()) {
            return 0;
        }
        double lookupsPerSecond = (to.lookupsAnswered() - from.lookupsAnswered()) / (to.seconds() - from.seconds());
        return lookupsPerSecond * events / total;
    }

    private Sample firstReaching(double lookups) {
        return samples.stream().filter(s -> s.lookupsAnswered() >= lookups).findFirst().orElse(null);
    }
}
