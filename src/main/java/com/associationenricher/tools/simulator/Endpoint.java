package com.associationenricher.tools.simulator;

/** The HubSpot endpoints the simulator answers, as counted in {@link SimulatorStats}. */
public enum Endpoint {
    /** {@code POST /crm/v3/associations/{from}/{to}/batch/read} */
    V3_BATCH_READ,
    /** {@code POST /crm/v4/associations/{from}/{to}/batch/read} */
    V4_BATCH_READ,
    /** {@code POST /crm/associations/2026-03/{from}/{to}/batch/read} */
    DATED_BATCH_READ,
    /** {@code GET /crm/v3/objects/{type}/{id}/associations/{toType}} */
    OBJECT_ASSOCIATIONS,
    /** {@code GET /crm/v3/objects/{type}} and {@code /crm/objects/2026-03/{type}}: listing objects, live or archived. */
    OBJECT_LIST,
    /** {@code POST /crm/v3/objects/{type}/search}: only its {@code total} is simulated. */
    OBJECT_SEARCH,
    /** {@code GET /crm/v3/schemas}: the portal's custom object types */
    SCHEMAS,
    /** Any other path: answered 404 like HubSpot does. */
    UNKNOWN
}
