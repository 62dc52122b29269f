package com.associationenricher.tools.simulator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the simulated HubSpot "knows": the associations of every object, as a pure function of
 * (portalId, fromType, fromId, toType). No state, no seed: every test, the simulator and the benchmark compute the
 * same answer.
 *
 * <p>The rule, in order:
 * <ol>
 *   <li>Object types are folded to HubSpot's singular names first ({@link ObjectTypes#singular}), so
 *       {@code contacts}, {@code contact} and {@code 0-1} give the same truth.</li>
 *   <li>{@code h} = SplitMix64 finaliser of the 64-bit FNV-1a hash of the UTF-8 text
 *       {@code portalId|fromType|fromId|toType}.</li>
 *   <li>An id ending in {@code 999} has exactly {@value #MANY} associations (v3 shows the first 100 and a
 *       {@code paging.next.after}).</li>
 *   <li>Otherwise, if {@code h mod 10 == 0} (about 10% of ids) the object has none: HubSpot leaves it out of
 *       {@code results} and reports NO_ASSOCIATIONS_FOUND.</li>
 *   <li>Otherwise it has {@code 1 + (h >>> 8) mod 4} associations (1 to 4).</li>
 *   <li>The associated ids are distinct numbers from 1,000,000 to 9,999,999,999, drawn from a SplitMix64 sequence
 *       seeded with {@code h}; their order in the list is the order HubSpot pages them in.</li>
 * </ol>
 * The type of every association is {@link ObjectTypes#associationType} ({@code contact_to_company} ...). The truth is
 * not symmetric: company B appearing among contact A's companies says nothing about B's contacts.
 */
public final class AssociationTruth {

    /** Associations of an id ending in 999: more than v3's 100 per object, so paging matters. */
    public static final int MANY = 150;

    private AssociationTruth() {
    }

    public static List<TrueAssociation> associations(long portalId, String fromType, String fromId, String toType) {
        String from = ObjectTypes.singular(fromType);
        String to = ObjectTypes.singular(toType);
        long h = hash(portalId + "|" + from + "|" + fromId + "|" + to);
        int count;
        if (fromId.endsWith("999")) {
            count = MANY;
        } else if (Long.remainderUnsigned(h, 10) == 0) {
            return List.of();
        } else {
            count = 1 + (int) Long.remainderUnsigned(h >>> 8, 4);
        }
        String type = from + "_to_" + to;
        Set<Long> ids = new LinkedHashSet<>();
        long state = h;
        while (ids.size() < count) {
            state += GOLDEN_GAMMA;
            ids.add(1_000_000L + Long.remainderUnsigned(mix(state), 9_999_000_000L));
        }
        List<TrueAssociation> result = new ArrayList<>(count);
        ids.forEach(id -> result.add(new TrueAssociation(Long.toString(id), type)));
        return Collections.unmodifiableList(result);
    }

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    static long hash(String text) {
        long fnv = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            fnv ^= b & 0xff;
            fnv *= 0x100000001b3L;
        }
        return mix(fnv);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
