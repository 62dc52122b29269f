package com.associationenricher.tools.workload;

import com.associationenricher.config.AssociationPairs;
import com.associationenricher.events.avro.ChangeType;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A realistic, reproducible stream of CRM change events for the demo, the benchmark and tests: several portals and
 * object types, mostly creations and property changes, some association changes (with their other end), deletions and
 * merges. Object ids are drawn uniformly or Zipf-skewed (hot objects change often). Event times strictly increase.
 */
public final class ChangeEventWorkload {

    /**
     * @param idsPerType  distinct object ids per (portal, type); ids are {@code 1000 + 7n}, and id 4999 (150
     *                    associations in the simulator) is among them
     * @param zipfExponent 0 for uniform ids, about 1 for a realistic skew
     */
    public record Settings(long seed, int events, List<Long> portals, List<String> objectTypes, int idsPerType,
                           double zipfExponent, AssociationPairs pairs, long firstOccurredAt) {
    }

    private ChangeEventWorkload() {
    }

    public static List<CrmObjectChangeEvent> generate(Settings settings) {
        Random random = new Random(settings.seed());
        ZipfSampler ids = new ZipfSampler(settings.idsPerType(), settings.zipfExponent(), random);
        List<CrmObjectChangeEvent> events = new ArrayList<>(settings.events());
        for (int i = 0; i < settings.events(); i++) {
            long portal = settings.portals().get(random.nextInt(settings.portals().size()));
            String type = settings.objectTypes().get(random.nextInt(settings.objectTypes().size()));
            String id = objectId(ids.next());
            int roll = random.nextInt(100);
            ChangeType change = roll < 45 ? ChangeType.UPDATED : roll < 70 ? ChangeType.CREATED : roll < 85
                    ? ChangeType.ASSOCIATION_CHANGED : roll < 90 ? ChangeType.RESTORED : roll < 96 ? ChangeType.DELETED : ChangeType.MERGED;
            List<String> targets = settings.pairs().targetsOf(type);
            if (change == ChangeType.ASSOCIATION_CHANGED && targets.isEmpty()) {
                change = ChangeType.UPDATED;
            }
            CrmObjectChangeEvent.Builder event = CrmObjectChangeEvent.newBuilder()
                    .setEventId("evt-" + settings.seed() + "-" + i)
                    .setPortalId(portal)
                    .setObjectType(type)
                    .setObjectId(id)
                    .setChangeType(change)
                    .setOccurredAt(Instant.ofEpochMilli(settings.firstOccurredAt() + i))
                    .setChangeSource("CRM");
            if (change == ChangeType.UPDATED) {
                event.setPropertyName(random.nextBoolean() ? "lifecyclestage" : "hs_lead_status");
            }
            if (change == ChangeType.ASSOCIATION_CHANGED) {
                event.setToObjectType(targets.get(random.nextInt(targets.size())))
                        .setToObjectId(objectId(ids.next()))
                        .setAssociationRemoved(random.nextInt(4) == 0);
            }
            if (change == ChangeType.MERGED) {
                String gone = objectId(ids.next());
                event.setMergedObjectIds(gone.equals(id) ? List.of() : List.of(gone));
            }
            events.add(event.build());
        }
        return events;
    }

    static String objectId(int rank) {
        return rank == 0 ? "4999" : String.valueOf(1000 + rank * 7);
    }
}
