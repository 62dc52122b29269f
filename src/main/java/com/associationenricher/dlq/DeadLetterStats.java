package com.associationenricher.dlq;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts of dead letters grouped four ways (reason, HubSpot category, portal, from->to type pair), each group with the
 * first and last time seen, rendered as a table for people. Fed one record at a time, so memory stays bounded by the
 * number of groups, not of dead letters.
 */
public final class DeadLetterStats {

    /** How many dead letters a group holds and when the first and last of them arrived. */
    public record Tally(long count, Instant firstSeen, Instant lastSeen) {

        Tally plus(Instant seen) {
            return new Tally(count + 1, seen.isBefore(firstSeen) ? seen : firstSeen, seen.isAfter(lastSeen) ? seen : lastSeen);
        }

        static Tally of(Instant seen) {
            return new Tally(1, seen, seen);
        }
    }

    static final String NONE = "(none)";

    private final Map<String, Tally> byReason = new TreeMap<>();
    private final Map<String, Tally> byCategory = new TreeMap<>();
    private final Map<String, Tally> byPortal = new TreeMap<>();
    private final Map<String, Tally> byTypePair = new TreeMap<>();
    private Tally total;
    private long unreadable;

    public void add(DeadLetterRecord record) {
        Instant seen = record.timestamp();
        var deadLetter = record.deadLetter();
        count(byReason, deadLetter.getReason().name(), seen);
        count(byCategory, deadLetter.getCategory() == null ? NONE : deadLetter.getCategory(), seen);
        count(byPortal, deadLetter.getPortalId() == null ? NONE : deadLetter.getPortalId().toString(), seen);
        count(byTypePair, record.typePair(), seen);
        total = total == null ? Tally.of(seen) : total.plus(seen);
    }

    public void addUnreadable() {
        unreadable++;
    }

    public long total() {
        return total == null ? 0 : total.count();
    }

    public long unreadable() {
        return unreadable;
    }

    public Map<String, Tally> byReason() {
        return Map.copyOf(byReason);
    }

    public Map<String, Tally> byCategory() {
        return Map.copyOf(byCategory);
    }

    public Map<String, Tally> byPortal() {
        return Map.copyOf(byPortal);
    }

    public Map<String, Tally> byTypePair() {
        return Map.copyOf(byTypePair);
    }

    /** The readable table: a headline, then one section per grouping, largest group first. */
    public String render(String topic) {
        StringBuilder text = new StringBuilder();
        text.append(total()).append(" dead letters in ").append(topic);
        if (total != null) {
            text.append(", first ").append(time(total.firstSeen())).append(", last ").append(time(total.lastSeen()));
        }
        if (unreadable > 0) {
            text.append("; ").append(unreadable).append(" unreadable records skipped");
        }
        text.append('\n');
        if (total == null) {
            return text.toString();
        }
        section(text, "REASON", byReason);
        section(text, "CATEGORY", byCategory);
        section(text, "PORTAL", byPortal);
        section(text, "FROM->TO", byTypePair);
        return text.toString();
    }

    private static void section(StringBuilder text, String title, Map<String, Tally> groups) {
        int width = Math.max(title.length(), groups.keySet().stream().mapToInt(String::length).max().orElse(0));
        String row = "%-" + width + "s  %8s  %-20s  %-20s%n";
        text.append('\n').append(String.format(row, title, "COUNT", "FIRST SEEN", "LAST SEEN"));
        groups.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, Tally> e) -> e.getValue().count()).reversed()
                        .thenComparing(Map.Entry::getKey))
                .forEach(e -> text.append(String.format(row, e.getKey(), e.getValue().count(),
                        time(e.getValue().firstSeen()), time(e.getValue().lastSeen()))));
    }

    private static void count(Map<String, Tally> groups, String name, Instant seen) {
        groups.merge(name, Tally.of(seen), (old, one) -> old.plus(seen));
    }

    static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
