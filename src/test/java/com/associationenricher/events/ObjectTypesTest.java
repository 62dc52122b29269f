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

    @ParameterizedTest(name = "{0} is {1}, singular {2}")
    @CsvSource({"0-1, contacts, contact", "0-2, companies, company", "0-3, deals, deal", "0-5, tickets, ticket",
            "0-7, products, product", "0-8, line_items, line_item", "0-14, quotes, quote",
            "0-18, communications, communication", "0-27, tasks, task", "0-46, notes, note", "0-47, meetings, meeting",
            "0-48, calls, call", "0-49, emails, email", "0-116, postal_mail, postal_mail", "0-136, leads, lead",
            "0-123, orders, order", "0-142, carts, cart", "0-53, invoices, invoice", "0-101, payments, payment",
            "0-69, subscriptions, subscription", "0-421, appointments, appointment", "0-410, courses, course",
            "0-420, listings, listing", "0-162, services, service"})
    void everyStandardTypeIsKnownByIdNameAndSingular(String objectTypeId, String type, String singular) {
        assertThat(ObjectTypes.fromObjectTypeId(objectTypeId)).contains(type);
        assertThat(ObjectTypes.isValid(type)).isTrue();
        assertThat(ObjectTypes.typeId(type)).isEqualTo(objectTypeId);
        assertThat(ObjectTypes.singular(type)).isEqualTo(singular);
        assertThat(ObjectTypes.fromSingular(singular)).contains(type);
    }

    @Test
    void customObjectsAreKnownByIdOrByFullyQualifiedName() {
        assertThat(ObjectTypes.isCustom("2-12345")).isTrue();
        assertThat(ObjectTypes.isQualifiedName("p62515_cars")).isTrue();
        assertThat(ObjectTypes.isQualifiedName("p62515_car_parts2")).isTrue();
        assertThat(ObjectTypes.portalOfQualifiedName("p62515_cars")).isEqualTo(62515L);
        assertThat(ObjectTypes.isQualifiedName("cars")).isFalse();
        assertThat(ObjectTypes.isQualifiedName("p_cars")).isFalse();
        assertThat(ObjectTypes.isQualifiedName("P62515_Cars")).isFalse();
        assertThat(ObjectTypes.isValid("p62515_cars")).as("valid only once resolved to its 2-<n> id").isFalse();
        assertThat(ObjectTypes.typeId("2-12345")).isEqualTo("2-12345");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0-4", "0-9999", "contacts", "2-", "3-1", ""})
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
        assertThat(ObjectTypes.fromWebhookPrefix("product")).as("no classic product.* webhook").isEmpty();
        assertThat(ObjectTypes.fromSubscriptionType("contact")).contains("contacts");
    }

    @Test
    void singularKeepsCustomTypesAndRefusesUnknownOnes() {
        assertThat(ObjectTypes.singular("2-99")).isEqualTo("2-99");
        assertThatThrownBy(() -> ObjectTypes.singular("widgets")).isInstanceOf(IllegalArgumentException.class);
    }
}
