package com.associationenricher.deploy;

/**
 * A container image reference, {@code [registry[:port]/]repository[:tag][@digest]}. Pinned means a digest, or a tag
 * other than {@code latest}: an image without either silently changes under a running deployment.
 */
record ImageReference(String repository, String tag, String digest) {

    static ImageReference parse(String reference) {
        String rest = reference.trim();
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
        }
        // A ':' before the last '/' is a registry port, not a tag.
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            return new ImageReference(rest.substring(0, colon), rest.substring(colon + 1), digest);
        }
        return new ImageReference(rest, null, digest);
    }

    boolean isPinned() {
        boolean hasDigest = digest != null && !digest.isBlank();
        boolean hasTag = tag != null && !tag.isBlank() && !tag.equals("latest");
        return hasDigest || hasTag;
    }
}
