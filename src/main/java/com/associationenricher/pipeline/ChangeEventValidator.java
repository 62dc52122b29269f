package com.associationenricher.pipeline;

import com.associationenricher.events.ObjectTypes;
import com.associationenricher.events.avro.ChangeType;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import java.util.Optional;
import java.util.regex.Pattern;

/** Says what is wrong with a decoded change event, if anything, before it can cost an API call. */
public final class ChangeEventValidator {
    /** HubSpot object ids are positive decimal numbers; 19 digits keeps them within a Java long. */
    private static final Pattern OBJECT_ID = Pattern.compile("[1-9][0-9]{0,18}");

    private ChangeEventValidator() {
    }

    public static Optional<String> problem(CrmObjectChangeEvent event) {
        if (event.getPortalId() <= 0) {
            return Optional.of("portalId must be a positive number, got " + event.getPortalId());
        }
        if (!ObjectTypes.isValid(event.getObjectType())) {
            return Optional.of("unknown objectType '" + abbreviate(event.getObjectType()) + "'");
        }
        if (!isObjectId(event.getObjectId())) {
            return Optional.of("objectId must be a positive decimal number, got '" + abbreviate(event.getObjectId()) + "'");
        }
        if (event.getChangeType() == ChangeType.ASSOCIATION_CHANGED && event.getToObjectType() != null) {
            if (!ObjectTypes.isValid(event.getToObjectType())) {
                return Optional.of("unknown toObjectType '" + abbreviate(event.getToObjectType()) + "'");
            }
            if (event.getToObjectId() != null && !isObjectId(event.getToObjectId())) {
                return Optional.of("toObjectId must be a positive decimal number, got '" + abbreviate(event.getToObjectId()) + "'");
            }
        }
        if (event.getMergedObjectIds() != null) {
            for (String id : event.getMergedObjectIds()) {
                if (!isObjectId(id)) {
                    return Optional.of("mergedObjectIds must be positive decimal numbers, got '" + abbreviate(id) + "'");
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isObjectId(String id) {
        return id != null && OBJECT_ID.matcher(id).matches();
    }

    private static String abbreviate(String value) {
        if (value == null) {
            return "null";
        }
        return value.length() <= 40 ? value : value.substring(0, 40) + "...(" + value.length() + " chars)";
    }
}
