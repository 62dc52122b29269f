package com.associationenricher.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectTypesTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({"0-1, contacts", "0-2, companies", "0-3, deals", "0-5, tickets", "0-8, line_items", "2-12345, 2-12345"})
    void objectTypeIdsMapToCanonicalNames(String objectTypeId, String type) {
        assertThat(ObjectTypes.fromObjectTypeId(objectTypeId)).contains(type);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0-4", "0-7", "contacts", "2-", "3-1", ""})
    void otherObjectTypeIdsAreNotMapped(String objectTypeId) {
        assertThat(ObjectTypes.fromObjectTypeId(objectTypeId)).isEmpty();
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({"contact, contacts", "company, companies", "deal, deals", "ticket, tickets", "line_item, line_items"})
    void classicWebhookPrefixesMapToCanonicalNames(String prefix, String type) {
        assertThat(ObjectTypes.fromWebhookPrefix(prefix)).contains(type);
        assertThat(ObjectTypes.fromSubscriptionType(prefix + ".propertyChange")).contains(type);
        assertThat(ObjectTypes.singular(type)).isEqualTo(prefix);
    }

    @Test
    void validityCoversCanonicalAndCustomOnly() {
        assertThat(ObjectTypes.CANONICAL).allMatch(ObjectTypes::isValid);
        assertThat(ObjectTypes.isValid("2-12345")).isTrue();
        assertThat(ObjectTypes.isValid("contact")).isFalse();
        assertThat(ObjectTypes.isValid("0-1")).isFalse();
        assertThat(ObjectTypes.isValid("Contacts")).isFalse();
        assertThat(ObjectTypes.isValid(null)).isFalse();
        assertThat(ObjectTypes.fromWebhookPrefix("product")).isEmpty();
        assertThat(ObjectTypes.fromSubscriptionType("contact")).contains("contacts");
    }

    @Test
    void singularKeepsCustomTypesAndRefusesUnknownOnes() {
        assertThat(ObjectTypes.singular("2-99")).isEqualTo("2-99");
        assertThatThrownBy(() -> ObjectTypes.singular("widgets")).isInstanceOf(IllegalArgumentException.class);
    }
}
