package io.github.userimporter;

import java.nio.charset.Charset;
import java.util.Set;

/**
 * What a first pass over an input file found, before any row is posted.
 *
 * @param charset               the file's encoding, from its byte-order mark (UTF-8 without one)
 * @param delimiter             {@code ,} or, for files Excel saved in European locales, {@code ;}
 * @param rows                  data rows in the file
 * @param duplicateEmailHashes  {@link #emailHash} of every address that occurs more than once; usually empty, so the
 *                              second pass remembers only these addresses instead of every one
 * @param sha256                of the file's bytes, in hex: names the import in the state folder
 */
public record Inspection(Charset charset, char delimiter, long rows, Set<Long> duplicateEmailHashes, String sha256) {

    /** A 64-bit hash of the address as Atlassian compares it (case-insensitively). */
    static long emailHash(String emailAddress) {
        long hash = 1125899906842597L;
        for (int i = 0; i < emailAddress.length(); i++) {
            hash = 31 * hash + Character.toLowerCase(emailAddress.charAt(i));
        }
        return hash;
    }

    public boolean semicolonSeparated() {
        return delimiter == ';';
    }
}
