package com.associationenricher.config;

import static com.associationenricher.config.ConfigKeys.KAFKA_PROCESSING_GUARANTEE;
import static com.associationenricher.config.ConfigKeys.OUTPUT_EMIT_UNCHANGED;

/** Reads the keys of how association events are written, kept out of EnricherConfig so it does not grow. */
final class OutputSettings {

    private OutputSettings() {
    }

    /**
     * {@code output.emit-unchanged}. Under at_least_once the last-emitted store can survive a crash that lost the event it remembers; the re-answered
     * lookup would then be suppressed and that event never written. So suppression is refused there.
     */
    static Boolean emitUnchanged(ConfigValues values) {
        Boolean emitUnchanged = values.bool(OUTPUT_EMIT_UNCHANGED);
        if (Boolean.FALSE.equals(emitUnchanged) && values.optional(KAFKA_PROCESSING_GUARANTEE).filter("at_least_once"::equals).isPresent()) {
            values.problem(OUTPUT_EMIT_UNCHANGED.label() + " must be true with " + KAFKA_PROCESSING_GUARANTEE.label()
                    + "=at_least_once: suppressing unchanged events is only safe with exactly_once_v2");
        }
        return emitUnchanged;
    }
}
