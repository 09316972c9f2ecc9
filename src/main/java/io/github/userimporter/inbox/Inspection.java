package io.github.userimporter.inbox;

import java.nio.charset.Charset;
import java.util.Set;

import io.github.userimporter.rows.RowValidator;

/**
 * What a first pass over an input file found, before any row is posted.
 *
 * @param charset               the file's encoding, from its byte-order mark (UTF-8 without one)
 * @param delimiter             {@code ,} or, for files Excel saved in European locales, {@code ;}
 * @param rows                  data rows in the file
 * @param duplicateEmailHashes  {@link RowValidator#addressHash} of every address that occurs more than once; usually
 *                              empty, so the second pass remembers only these addresses instead of every one
 * @param sha256                of the file's bytes, in hex: names the import in the state folder
 * @param groupNames            every group name the {@code groups} column holds
 * @param hasAction             whether the header has an {@code action} column
 */
public record Inspection(Charset charset, char delimiter, long rows, Set<Long> duplicateEmailHashes, String sha256,
        Set<String> groupNames, boolean hasAction) {

    public boolean semicolonSeparated() {
        return delimiter == ';';
    }
}
