package com.associationenricher.ingress;

/** The verdict on a request's signature, with the reason to log when it is refused (never the signature itself). */
public record SignatureCheck(boolean valid, String reason) {

    static SignatureCheck valid(String version) {
        return new SignatureCheck(true, "signature " + version + " verified");
    }

    static SignatureCheck refused(String reason) {
        return new SignatureCheck(false, reason);
    }
}
