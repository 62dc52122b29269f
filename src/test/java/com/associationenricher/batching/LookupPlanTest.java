package com.associationenricher.batching;

import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.config.AssociationPairs;
import com.associationenricher.events.avro.ChangeType;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LookupPlanTest {
    static final AssociationPairs PAIRS = AssociationPairs.parse("contacts:companies,contacts:deals,companies:contacts");

    @Test
    void aChangeLooksUpEveryConfiguredPairOfItsType() {
        assertThat(commands(event("contacts", ChangeType.UPDATED, null)))
                .containsExactly("LOOKUP 42:contacts:1:companies", "LOOKUP 42:contacts:1:deals");
        assertThat(commands(event("contacts", ChangeType.CREATED, null))).hasSize(2);
        assertThat(commands(event("contacts", ChangeType.RESTORED, null))).hasSize(2);
    }

    @Test
    void aDeletionTombstonesEveryConfiguredPairOfItsType() {
        assertThat(commands(event("contacts", ChangeType.DELETED, null)))
                .containsExactly("TOMBSTONE 42:contacts:1:companies", "TOMBSTONE 42:contacts:1:deals");
    }

    @Test
    void aMergeLooksUpTheSurvivorOnlySinceTheMergedAwayIdsComeAsTheirOwnEvents() {
        CrmObjectChangeEvent merge = event("contacts", ChangeType.MERGED, null);
        merge.setMergedObjectIds(List.of("2", "3"));

        assertThat(commands(merge)).containsExactly("LOOKUP 42:contacts:1:companies", "LOOKUP 42:contacts:1:deals");
    }

    @Test
    void anAssociationChangeLooksUpOnlyThePairItNames() {
        assertThat(commands(event("contacts", ChangeType.ASSOCIATION_CHANGED, "deals"))).containsExactly("LOOKUP 42:contacts:1:deals");
    }

    @Test
    void anAssociationChangeToAnUnconfiguredPairAsksForNothing() {
        assertThat(commands(event("companies", ChangeType.ASSOCIATION_CHANGED, "deals"))).isEmpty();
    }

    @Test
    void anAssociationChangeWithoutTheOtherTypeLooksUpEveryPair() {
        assertThat(commands(event("contacts", ChangeType.ASSOCIATION_CHANGED, null))).hasSize(2);
    }

    @Test
    void aTypeWithoutConfiguredPairsAsksForNothing() {
        assertThat(commands(event("deals", ChangeType.UPDATED, null))).isEmpty();
    }

    private static List<String> commands(CrmObjectChangeEvent event) {
        return LookupPlan.commandsFor(event, PAIRS).stream().map(c -> c.kind() + " " + c.key()).toList();
    }

    private static CrmObjectChangeEvent event(String type, ChangeType change, String toType) {
        return CrmObjectChangeEvent.newBuilder()
                .setEventId("e1")
                .setPortalId(42)
                .setObjectType(type)
                .setObjectId("1")
                .setChangeType(change)
                .setToObjectType(toType)
                .setOccurredAt(Instant.ofEpochMilli(1000))
                .build();
    }
}
