package com.associationenricher.tools.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.Map;

/** The simulator's own paths, {@code /simulator/stats} and {@code /simulator/health}: not HubSpot's, never counted. */
final class ControlEndpoints {
    static final String PREFIX = "/simulator/";

    private ControlEndpoints() {
    }

    static boolean handles(String path) {
        return path.startsWith(PREFIX);
    }

    static Answer answer(String path, SimulatorStats stats) {
        try {
            return switch (path) {
                case "/simulator/stats" -> new Answer(200, "application/json;charset=utf-8",
                        Answer.JSON.writeValueAsBytes(stats.snapshot()), Map.of());
                case "/simulator/health" -> Answer.text(200, "application/json;charset=utf-8", "{\"status\":\"UP\"}");
                default -> Answer.text(404, "text/plain", "unknown simulator path");
            };
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise simulator stats", e);
        }
    }
}
