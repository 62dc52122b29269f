package com.associationenricher.config;

import java.util.List;

// TEMPORARY STUB, replaced by the config branch.
public final class AssociationPairs {
    private final java.util.Map<String, List<String>> targets;

    public AssociationPairs(java.util.Map<String, List<String>> targets) {
        this.targets = targets;
    }

    public List<String> targetsOf(String fromType) {
        return targets.getOrDefault(fromType, List.of());
    }

    public boolean contains(String from, String to) {
        return targetsOf(from).contains(to);
    }
}
