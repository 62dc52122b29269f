package com.associationenricher.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AssociationPairsTest {

    @Test
    void defaultPairsGiveEachTypeItsTargetsInOrder() {
        AssociationPairs pairs = AssociationPairs.parse(AssociationPairs.DEFAULT);

        assertThat(pairs.targetsOf("contacts")).containsExactly("companies", "deals");
        assertThat(pairs.targetsOf("companies")).containsExactly("contacts", "deals");
        assertThat(pairs.targetsOf("deals")).containsExactly("contacts", "companies");
        assertThat(pairs.targetsOf("tickets")).containsExactly("contacts", "companies");
        assertThat(pairs.targetsOf("line_items")).isEmpty();
        assertThat(pairs.fromTypes()).containsExactly("contacts", "companies", "deals", "tickets");
        assertThat(pairs.contains("tickets", "companies")).isTrue();
        assertThat(pairs.contains("companies", "tickets")).isFalse();
    }

    @Test
    void customObjectsLineItemsSpacesAndDuplicatesAreHandled() {
        AssociationPairs pairs = AssociationPairs.parse(" 2-12345:contacts , line_items:deals,2-12345:contacts,, ");

        assertThat(pairs.pairs()).containsExactly(
                new AssociationPairs.Pair("2-12345", "contacts"), new AssociationPairs.Pair("line_items", "deals"));
        assertThat(pairs.targetsOf("2-12345")).isEqualTo(List.of("contacts"));
    }

    @Test
    void unknownTypeIsNamed() {
        assertThatThrownBy(() -> AssociationPairs.parse("contacts:companies,contact:deals"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("\"contact\" is not an object type");
    }

    @Test
    void malformedEntryAndEmptyListAreRefused() {
        assertThatThrownBy(() -> AssociationPairs.parse("contacts:companies:deals"))
                .hasMessageContaining("is not fromType:toType");
        assertThatThrownBy(() -> AssociationPairs.parse(" , ")).hasMessage("no pair given");
        assertThatThrownBy(() -> AssociationPairs.parse("2-0x1:contacts")).hasMessageContaining("\"2-0x1\"");
    }
}
