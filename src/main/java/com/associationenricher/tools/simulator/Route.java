package com.associationenricher.tools.simulator;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Which endpoint a request path names, with the object types and id taken from the path. */
record Route(Endpoint endpoint, String method, String fromType, String toType, String objectId) {

    private static final Pattern V3 = Pattern.compile("/crm/v3/associations/([^/]+)/([^/]+)/batch/read/?");
    private static final Pattern V4 = Pattern.compile("/crm/v4/associations/([^/]+)/([^/]+)/batch/read/?");
    private static final Pattern DATED = Pattern.compile("/crm/associations/2026-03/([^/]+)/([^/]+)/batch/read/?");
    private static final Pattern OBJECT = Pattern.compile("/crm/v3/objects/([^/]+)/([^/]+)/associations/([^/]+)/?");

    private static final Pattern LIST = Pattern.compile("/crm/(?:v3/objects|objects/2026-03)/([^/]+)/?");

    private static final Pattern SEARCH = Pattern.compile("/crm/v3/objects/([^/]+)/search/?");

    static Route of(String path) {
        Matcher m;
        if ((m = V3.matcher(path)).matches()) {
            return new Route(Endpoint.V3_BATCH_READ, "POST", m.group(1), m.group(2), null);
        }
        if ((m = V4.matcher(path)).matches()) {
            return new Route(Endpoint.V4_BATCH_READ, "POST", m.group(1), m.group(2), null);
        }
        if ((m = DATED.matcher(path)).matches()) {
            return new Route(Endpoint.DATED_BATCH_READ, "POST", m.group(1), m.group(2), null);
        }
        if ((m = OBJECT.matcher(path)).matches()) {
            return new Route(Endpoint.OBJECT_ASSOCIATIONS, "GET", m.group(1), m.group(3), m.group(2));
        }
        if (path.equals("/crm/v3/schemas") || path.equals("/crm/v3/schemas/")) {
            return new Route(Endpoint.SCHEMAS, "GET", null, null, null);
        }
        if ((m = SEARCH.matcher(path)).matches()) {
            return new Route(Endpoint.OBJECT_SEARCH, "POST", m.group(1), m.group(1), null);
        }
        if ((m = LIST.matcher(path)).matches()) {
            // The type is both ends, so the scope check asks for the type's own read scope.
            return new Route(Endpoint.OBJECT_LIST, "GET", m.group(1), m.group(1), null);
        }
        return new Route(Endpoint.UNKNOWN, null, null, null, null);
    }
}
