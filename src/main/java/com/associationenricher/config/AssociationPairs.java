package com.associationenricher.config;

import com.associationenricher.events.ObjectTypes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which associations are looked up: a change to an object of type {@code from} triggers one batch/read toward each
 * of {@code targetsOf(from)}. Parsed from {@code associations.pairs}, e.g. {@code contacts:companies,notes:contacts}.
 * A custom object may be named {@code p<portalId>_<name>}: such pairs are {@link #resolved resolved} to the object's
 * {@code 2-<n>} id at start-up, and only resolved pairs reach the pipeline.
 */
public final class AssociationPairs {

    public static final String DEFAULT = "contacts:companies,contacts:deals,companies:contacts,companies:deals,"
            + "deals:contacts,deals:companies,tickets:contacts,tickets:companies";

    /** One direction of lookup. */
    public record Pair(String fromType, String toType) {
        @Override
        public String toString() {
            return fromType + ":" + toType;
        }
    }

    private final List<Pair> pairs;
    private final Map<String, List<String>> targets;

    private AssociationPairs(List<Pair> pairs) {
        this.pairs = List.copyOf(pairs);
        Map<String, List<String>> byFrom = new LinkedHashMap<>();
        for (Pair pair : pairs) {
            byFrom.computeIfAbsent(pair.fromType(), from -> new ArrayList<>()).add(pair.toType());
        }
        byFrom.replaceAll((from, to) -> List.copyOf(to));
        this.targets = Collections.unmodifiableMap(byFrom);
    }

    /**
     * @throws IllegalArgumentException naming the first bad entry; duplicates are dropped, order is kept
     */
    public static AssociationPairs parse(String text) {
        Set<Pair> pairs = new LinkedHashSet<>();
        for (String entry : text.split(",")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            String[] types = trimmed.split(":", -1);
            if (types.length != 2) {
                throw new IllegalArgumentException("\"" + trimmed + "\" is not fromType:toType");
            }
            for (String type : types) {
                if (!ObjectTypes.isValid(type.trim()) && !ObjectTypes.isQualifiedName(type.trim())) {
                    throw new IllegalArgumentException("\"" + type.trim() + "\" is not an object type");
                }
            }
            pairs.add(new Pair(types[0].trim(), types[1].trim()));
        }
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("no pair given");
        }
        return new AssociationPairs(new ArrayList<>(pairs));
    }

    /** The fully qualified custom object names still to resolve, in configured order. */
    public Set<String> qualifiedNames() {
        Set<String> names = new LinkedHashSet<>();
        for (Pair pair : pairs) {
            for (String type : List.of(pair.fromType(), pair.toType())) {
                if (ObjectTypes.isQualifiedName(type)) {
                    names.add(type);
                }
            }
        }
        return names;
    }

    /** These pairs with every qualified name replaced by its {@code 2-<n>} id; duplicates that result are merged. */
    public AssociationPairs resolved(Map<String, String> typeIdByName) {
        Set<Pair> resolved = new LinkedHashSet<>();
        for (Pair pair : pairs) {
            resolved.add(new Pair(typeIdByName.getOrDefault(pair.fromType(), pair.fromType()),
                    typeIdByName.getOrDefault(pair.toType(), pair.toType())));
        }
        return new AssociationPairs(new ArrayList<>(resolved));
    }

    /** Every object type that appears in a pair, at either end. */
    public Set<String> types() {
        Set<String> types = new LinkedHashSet<>();
        pairs.forEach(pair -> {
            types.add(pair.fromType());
            types.add(pair.toType());
        });
        return types;
    }

    /** The types to look up for a changed object of this type, in configured order; empty when none. */
    public List<String> targetsOf(String fromType) {
        return targets.getOrDefault(fromType, List.of());
    }

    public boolean contains(String fromType, String toType) {
        return targetsOf(fromType).contains(toType);
    }

    /** The object types whose changes trigger lookups. */
    public Set<String> fromTypes() {
        return targets.keySet();
    }

    public List<Pair> pairs() {
        return pairs;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AssociationPairs that && pairs.equals(that.pairs);
    }

    @Override
    public int hashCode() {
        return pairs.hashCode();
    }

    @Override
    public String toString() {
        return pairs.stream().map(Pair::toString).collect(Collectors.joining(","));
    }
}
