package com.associationenricher.tools.simulator;

/**
 * The shapes in which HubSpot has been seen to name missing scopes in a 403 MISSING_SCOPES answer. A client must
 * understand all of them; {@link #ROTATE} cycles through them so a long run meets each.
 */
public enum ScopeErrorForm {
    /** {@code context.missingScopes: ["crm.objects.deals.read"]} */
    CONTEXT_MISSING_SCOPES,
    /** The seed's form: {@code errors[].context: "{missingScopes=[crm.objects.deals.read]}"}, a string. */
    ERRORS_CONTEXT_STRING,
    /** {@code errors[].context.requiredGranularScopes: ["crm.objects.deals.read"]}, today's usual answer. */
    REQUIRED_GRANULAR_SCOPES,
    /** One after the other, in the order above. */
    ROTATE
}
