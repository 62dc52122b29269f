package com.associationenricher.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The steady rate leaves out the ramp and the tail; the tail runs from the last change taken to the end. */
class RunTimelineTest {

    @Test
    void theSteadyRateLeavesOutTheRampAndTheLastMaxWait() {
        RunTimeline timeline = new RunTimeline();
        // A slow first second (the ramp), then 1,000 lookups a second, then the last 100 answered after a 1 s wait.
        timeline.sample(0.0, 0, 0);
        timeline.sample(1.0, 200, 100);
        for (int second = 2; second <= 10; second++) {
            timeline.sample(second, 200 + 2_000L * (second - 1), 100 + 1_000L * (second - 1));
        }
        timeline.sample(10.5, 18_200, 9_100);
        timeline.sample(11.5, 18_200, 9_100);
        timeline.sample(12.0, 18_200, 10_000);

        RunTimeline.Summary summary = timeline.summary(12.0, 20_000);

        // 10 % of 10,000 is reached at 2 s (1,100), 90 % at 10 s (9,100): 8,000 lookups in 8 s, 2 events per lookup.
        assertThat(summary.steadyEventsPerSecond()).isCloseTo(2_000.0, within(1e-9));
        // All 18,200 changes were taken at 10 s (the 10.5 s sample shows the same count): 2 s of tail.
        assertThat(summary.tailSeconds()).isCloseTo(2.0, within(1e-9));
    }

    @Test
    void withoutTimeBetweenTheMarksThereIsNoSteadyRateButStillATail() {
        assertThat(new RunTimeline().summary(1, 10)).isEqualTo(RunTimeline.Summary.NONE);

        RunTimeline none = new RunTimeline();
        none.sample(0, 0, 0);
        none.sample(1, 5, 0);
        none.sample(2, 5, 0);
        assertThat(none.summary(2.5, 5)).isEqualTo(new RunTimeline.Summary(0, 1.5));

        // Every lookup answered at one sample (a tiny run's one call): no time between 10 % and 90 %.
        RunTimeline atOnce = new RunTimeline();
        atOnce.sample(0, 0, 0);
        atOnce.sample(0.2, 100, 0);
        atOnce.sample(1.2, 100, 100);
        RunTimeline.Summary summary = atOnce.summary(1.3, 100);
        assertThat(summary.steadyEventsPerSecond()).isZero();
        assertThat(summary.tailSeconds()).isCloseTo(1.1, within(1e-9));
    }
}
