package com.associationenricher.tools.workload;

import com.associationenricher.batching.LookupCommand;
import com.associationenricher.batching.LookupPlan;
import com.associationenricher.config.AssociationPairs;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import com.associationenricher.pipeline.ObjectChanges;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which output keys a stream of change events must settle, and whether each ends as a tombstone: the accounting the
 * demo and the benchmark check ("every id that entered ends in the output topic or in the dead-letter topic").
 * Events are taken in their occurredAt order, as the pipeline orders each key.
 */
public final class ExpectedKeys {
    private ExpectedKeys() {
    }

    /** Key to true when its last change is a deletion (a tombstone is expected), false when a lookup is. */
    public static Map<String, Boolean> of(List<CrmObjectChangeEvent> events, AssociationPairs pairs) {
        Map<String, Boolean> tombstone = new LinkedHashMap<>();
        events.stream()
                .sorted((a, b) -> a.getOccurredAt().compareTo(b.getOccurredAt()))
                .flatMap(event -> ObjectChanges.split(event).stream())
                .flatMap(change -> LookupPlan.commandsFor(change, pairs).stream())
                .forEach(command -> tombstone.put(command.key().toString(), command.kind() == LookupCommand.Kind.TOMBSTONE));
        return tombstone;
    }
}
