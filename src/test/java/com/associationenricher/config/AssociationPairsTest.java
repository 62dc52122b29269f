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
    void pairsMayUseEveryStandardTypeAndCustomObjectsByIdOrName() {
        AssociationPairs pairs = AssociationPairs.parse("notes:contacts,calls:contacts,emails:deals,meetings:companies,"
                + "tasks:tickets,communications:contacts,postal_mail:contacts,products:line_items,quotes:deals,"
                + "leads:contacts,orders:contacts,carts:contacts,invoices:companies,payments:contacts,"
                + "subscriptions:contacts,appointments:contacts,courses:contacts,listings:contacts,services:contacts,"
                + "2-12345:contacts,p62515_cars:contacts,contacts:p62515_cars");

        assertThat(pairs.targetsOf("notes")).containsExactly("contacts");
        assertThat(pairs.targetsOf("postal_mail")).containsExactly("contacts");
        assertThat(pairs.qualifiedNames()).containsExactly("p62515_cars");
        AssociationPairs resolved = pairs.resolved(java.util.Map.of("p62515_cars", "2-777"));
        assertThat(resolved.qualifiedNames()).isEmpty();
        assertThat(resolved.targetsOf("2-777")).containsExactly("contacts");
        assertThat(resolved.targetsOf("contacts")).containsExactly("2-777");
        assertThat(resolved.types()).allMatch(com.associationenricher.events.ObjectTypes::isValid);
    }

    @Test
    void aConfiguredPairOfAnUnknownTypeFailsStartUpNamingIt() {
        java.util.Map<String, String> keys = java.util.Map.of("kafka.bootstrap.servers", "localhost:9092",
                "schema-registry.url", "mock://pairs", "hubspot.token", "pat",
                "associations.pairs", "notes:contacts,widgets:contacts");

        assertThatThrownBy(() -> EnricherConfig.fromMap(keys))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("associations.pairs (ENRICHER_ASSOCIATIONS_PAIRS)")
                .hasMessageContaining("widgets");
        assertThat(EnricherConfig.fromMap(new java.util.HashMap<>(keys) {{
            put("associations.pairs", "notes:contacts,p62515_cars:calls");
        }}).associationPairs().qualifiedNames()).containsExactly("p62515_cars");
        assertThatThrownBy(() -> AssociationPairs.parse("p62515_Cars:contacts")).hasMessage("\"p62515_Cars\" is not an object type");
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
