package com.associationenricher.tools.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AssociationTruthTest {

    @Test
    void theSameInputsAlwaysGiveTheSameAssociations() {
        List<TrueAssociation> first = AssociationTruth.associations(123456, "contacts", "37295", "companies");
        List<TrueAssociation> second = AssociationTruth.associations(123456, "contacts", "37295", "companies");
        assertThat(first).isEqualTo(second);
    }

    @Test
    void everySpellingOfAnObjectTypeGivesTheSameTruth() {
        List<TrueAssociation> plural = AssociationTruth.associations(1, "contacts", "101", "companies");
        assertThat(AssociationTruth.associations(1, "contact", "101", "company")).isEqualTo(plural);
        assertThat(AssociationTruth.associations(1, "0-1", "101", "0-2")).isEqualTo(plural);
        assertThat(AssociationTruth.associations(1, "CONTACTS", "101", "Companies")).isEqualTo(plural);
    }

    @Test
    void portalIdAndDirectionChangeTheAnswer() {
        List<List<TrueAssociation>> variants = List.of(
                AssociationTruth.associations(1, "contacts", "101", "companies"),
                AssociationTruth.associations(2, "contacts", "101", "companies"),
                AssociationTruth.associations(1, "companies", "101", "contacts"),
                AssociationTruth.associations(1, "contacts", "102", "companies"));
        assertThat(variants.stream().filter(v -> !v.isEmpty()).map(v -> v.get(0).toObjectId()).distinct().count())
                .isEqualTo(variants.stream().filter(v -> !v.isEmpty()).count());
    }

    @Test
    void aboutOneIdInTenHasNoAssociationsAndTheOthersHaveOneToFour() {
        List<Integer> sizes = IntStream.range(0, 10_000)
                .mapToObj(i -> Integer.toString(100_000 + i * 7))
                .filter(id -> !id.endsWith("999"))
                .map(id -> AssociationTruth.associations(123456, "contacts", id, "companies").size())
                .toList();
        long none = sizes.stream().filter(s -> s == 0).count();
        assertThat(none).isBetween(800L, 1_200L);
        assertThat(sizes.stream().filter(s -> s > 0).collect(Collectors.toSet())).containsExactlyInAnyOrder(1, 2, 3, 4);
    }

    @Test
    void idsEndingIn999HaveOneHundredFiftyDistinctAssociations() {
        List<TrueAssociation> many = AssociationTruth.associations(123456, "deals", "4711999", "contacts");
        assertThat(many).hasSize(AssociationTruth.MANY).hasSize(150);
        assertThat(many.stream().map(TrueAssociation::toObjectId).distinct()).hasSize(150);
    }

    @Test
    void associationTypesUseHubSpotsSingularNamesAndNumericIds() {
        List<TrueAssociation> deals = AssociationTruth.associations(123456, "deals", "1999", "contacts");
        assertThat(deals).allSatisfy(a -> {
            assertThat(a.associationType()).isEqualTo("deal_to_contact");
            assertThat(a.toObjectId()).matches("\\d{7,10}");
        });
        assertThat(ObjectTypes.associationType("contacts", "companies")).isEqualTo("contact_to_company");
        assertThat(ObjectTypes.associationType("line_items", "0-3")).isEqualTo("line_item_to_deal");
        assertThat(ObjectTypes.typeId("contact_to_company")).isEqualTo(279);
    }

    @Test
    void knownAnswersStayFixedAcrossReleases() {
        // Pinned so that a change of the rule, which tests of other packages rely on, cannot go unnoticed.
        assertThat(AssociationTruth.associations(123456, "contacts", "37295", "companies")).containsExactly(
                new TrueAssociation("5148132987", "contact_to_company"),
                new TrueAssociation("666678737", "contact_to_company"),
                new TrueAssociation("1365079229", "contact_to_company"));
    }
}
