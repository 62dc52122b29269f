package com.associationenricher.batching;

import com.associationenricher.config.AssociationPairs;
import com.associationenricher.events.AssociationKey;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import java.util.List;

/**
 * Turns the change of one object into commands on that object's output keys, one per configured association pair.
 * Only the object itself is touched here: the other end of an association change and the ids a merge removes arrive as
 * their own events (see {@code pipeline.ObjectChanges}), so every key is handled by the task that owns its object.
 */
public final class LookupPlan {
    private LookupPlan() {
    }

    public static List<LookupCommand> commandsFor(CrmObjectChangeEvent event, AssociationPairs pairs) {
        String type = event.getObjectType();
        List<String> targets = switch (event.getChangeType()) {
            case ASSOCIATION_CHANGED -> event.getToObjectType() == null
                    ? pairs.targetsOf(type)
                    : pairs.contains(type, event.getToObjectType()) ? List.of(event.getToObjectType()) : List.of();
            default -> pairs.targetsOf(type);
        };
        return targets.stream()
                .map(to -> new AssociationKey(event.getPortalId(), type, event.getObjectId(), to))
                .map(key -> switch (event.getChangeType()) {
                    case DELETED -> LookupCommand.tombstone(key);
                    default -> LookupCommand.lookup(key);
                })
                .toList();
    }
}
