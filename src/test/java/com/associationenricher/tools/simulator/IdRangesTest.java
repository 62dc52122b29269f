package com.associationenricher.tools.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdRangesTest {

    @Test
    void aMillionSeededIdsAreOneRangeThatPagesInOrder() {
        IdRanges ids = new IdRanges();
        ids.addRange(1_000_000, 1_000_000);

        assertThat(ids.size()).isEqualTo(1_000_000);
        assertThat(ids.from(Long.MIN_VALUE, 3)).containsExactly(1_000_000L, 1_000_001L, 1_000_002L);
        assertThat(ids.from(1_999_998, 5)).containsExactly(1_999_998L, 1_999_999L);
        assertThat(ids.from(2_000_000, 5)).isEmpty();
    }

    @Test
    void aDeletionSplitsItsRangeAndPagingSkipsIt() {
        IdRanges ids = new IdRanges();
        ids.addRange(1, 10);

        assertThat(ids.remove(5)).isTrue();
        assertThat(ids.remove(5)).isFalse();

        assertThat(ids.contains(5)).isFalse();
        assertThat(ids.contains(6)).isTrue();
        assertThat(ids.size()).isEqualTo(9);
        assertThat(ids.from(3, 4)).containsExactly(3L, 4L, 6L, 7L);
        assertThat(ids.from(5, 2)).containsExactly(6L, 7L);
    }

    @Test
    void overlappingAndAdjacentSeedsCountEachIdOnce() {
        IdRanges ids = new IdRanges();
        ids.addRange(10, 10);
        ids.addRange(15, 10);
        ids.addRange(1, 9);
        ids.add(25);
        ids.add(12);

        assertThat(ids.size()).isEqualTo(25);
        assertThat(ids.from(Long.MIN_VALUE, 100)).hasSize(25).startsWith(1L, 2L).endsWith(24L, 25L);
        assertThat(ids.from(0, 1)).containsExactly(1L);
    }
}
