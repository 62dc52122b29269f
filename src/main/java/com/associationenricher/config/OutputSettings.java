package com.associationenricher.config;

import static com.associationenricher.config.ConfigKeys.KAFKA_PROCESSING_GUARANTEE;
import static com.associationenricher.config.ConfigKeys.OUTPUT_EMIT_UNCHANGED;

/** Reads the keys of how association events are written, kept out of EnricherConfig so it does not grow. */
final class OutputSettings {

    private OutputSettings() {
    }

    /**
     * {@code output.emit-unchanged}. Under at_least_once the last-emitted store can survive a crash that lost the
     * event it remembers; the re-answered lookup would then be suppressed and that event never written. So there the
     * key defaults to true (an at_least_once deployment that upgrades keeps working unchanged), and an explicit false
     * is refused naming the key.
     */
    static Boolean emitUnchanged(ConfigValues values) {
        boolean atLeastOnce = values.optional(KAFKA_PROCESSING_GUARANTEE).filter("at_least_once"::equals).isPresent();
        if (atLeastOnce && !values.isGiven(OUTPUT_EMIT_UNCHANGED)) {
            return true;
        }
        Boolean emitUnchanged = values.bool(OUTPUT_EMIT_UNCHANGED);
        if (atLeastOnce && Boolean.FALSE.equals(emitUnchanged)) {
            values.problem(OUTPUT_EMIT_UNCHANGED.label() + " must be true with " + KAFKA_PROCESSING_GUARANTEE.label()
                    + "=at_least_once: suppressing unchanged events is only safe with exactly_once_v2");
        }
        return emitUnchanged;
    }
}
