package com.associationenricher.tools.simulator;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** HubSpot's opaque {@code after} tokens: here, the offset of the next association, Base64-encoded. */
final class PagingCursor {

    private PagingCursor() {
    }

    static String after(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Integer.toString(offset).getBytes(StandardCharsets.US_ASCII));
    }

    /** The offset an {@code after} token stands for, or -1 if it is not one of ours. */
    static int offset(String after) {
        if (after == null || after.isEmpty()) {
            return 0;
        }
        try {
            int offset = Integer.parseInt(new String(Base64.getUrlDecoder().decode(after), StandardCharsets.US_ASCII));
            return offset >= 0 ? offset : -1;
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }
}
