package com.associationenricher.tools.bench;

import com.associationenricher.tools.demo.TopicWatcher;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The expected keys of a run that have not settled yet (see {@link TopicWatcher#settled}). After each poll only the
 * keys just read are checked: rescanning every open key after each poll took 13 % of the samples in the enricher's
 * window (JFR, 2026-12-02), CPU the contender did not get.
 */
final class OpenKeys {
    private final TopicWatcher watcher;
    private final Map<String, Boolean> expected;
    private final Set<String> open;

    OpenKeys(TopicWatcher watcher, Map<String, Boolean> expected) {
        this.watcher = watcher;
        this.expected = expected;
        this.open = new HashSet<>(watcher.unsettled(expected));
    }

    /** Reads what has arrived (waiting up to {@code timeout}) and drops the keys it settled. */
    void poll(Duration timeout) {
        List<String> read = watcher.poll(timeout);
        for (String key : read) {
            if (open.contains(key) && watcher.settled(key, expected.get(key))) {
                open.remove(key);
            }
        }
    }

    boolean isEmpty() {
        return open.isEmpty();
    }

    int size() {
        return open.size();
    }

    /** A few open keys, for an error message. */
    List<String> some() {
        return open.stream().limit(3).toList();
    }
}
