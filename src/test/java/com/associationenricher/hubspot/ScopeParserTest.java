package com.associationenricher.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScopeParserTest {

    static List<String> scopes(String json) throws Exception {
        return ScopeParser.missingScopes(HubSpotJson.MAPPER.readValue(json, HubSpotError.class));
    }

    @Test
    void readsContextMissingScopes() throws Exception {
        assertThat(scopes("{\"context\":{\"missingScopes\":[\"crm.objects.deals.read\",\"crm.objects.companies.read\"]}}"))
                .containsExactly("crm.objects.deals.read", "crm.objects.companies.read");
    }

    @Test
    void readsContextRequiredScopes() throws Exception {
        assertThat(scopes("{\"context\":{\"requiredScopes\":[\"tickets\"]}}")).containsExactly("tickets");
    }

    @Test
    void readsNestedRequiredGranularScopes() throws Exception {
        assertThat(scopes("""
                {"category":"MISSING_SCOPES","errors":[{"message":"One or more of the following scopes are required.",
                 "context":{"requiredGranularScopes":["crm.objects.contacts.read","crm.schemas.contacts.read"]}}]}"""))
                .containsExactly("crm.objects.contacts.read", "crm.schemas.contacts.read");
    }

    @Test
    void readsTheStringContextOfNestedErrorsAsInHubSpotsReference() throws Exception {
        assertThat(scopes("{\"context\":{},\"errors\":[{\"message\":\"<string>\",\"context\":\"{missingScopes=[scope1, scope2]}\"}]}"))
                .containsExactly("scope1", "scope2");
    }

    @Test
    void readsATopLevelStringContext() throws Exception {
        assertThat(scopes("{\"context\":\"{missingScopes=[scope1, scope2], portalId=42}\"}")).containsExactly("scope1", "scope2");
    }

    @Test
    void readsAStringListInsideAMapContext() throws Exception {
        assertThat(scopes("{\"context\":{\"missingScopes\":\"[scope1, scope2]\"}}")).containsExactly("scope1", "scope2");
    }

    @Test
    void mergesEveryFormWithoutDuplicates() throws Exception {
        assertThat(scopes("""
                {"context":{"missingScopes":["a"],"requiredScopes":["b","a"]},
                 "errors":[{"context":{"requiredGranularScopes":["c"]}},{"context":"{missingScopes=[d, a]}"}]}"""))
                .containsExactly("a", "b", "c", "d");
    }

    @Test
    void findsNothingWhereNothingIsSaid() throws Exception {
        assertThat(scopes("{\"message\":\"Forbidden\"}")).isEmpty();
        assertThat(ScopeParser.missingScopes(null)).isEmpty();
    }

    @Test
    void parsesJavaStyleContextStrings() {
        assertThat(ErrorContext.parseText("{missingScopes=[scope1, scope2], id=7, empty=[]}"))
                .isEqualTo(Map.of("missingScopes", List.of("scope1", "scope2"), "id", List.of("7"), "empty", List.of()));
        assertThat(ErrorContext.parseText("not a map")).isEmpty();
    }
}
