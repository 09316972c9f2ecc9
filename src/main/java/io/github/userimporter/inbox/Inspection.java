package io.github.userimporter.inbox;

import java.nio.charset.Charset;
import java.util.List;
import java.util.Set;

import io.github.userimporter.rows.RowReader;
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
 * @param exportHeaders         for an export read through a mapping, its own headers, which its failed file keeps;
 *                              empty otherwise
 * @param mapping               the mapping file an export was read through, or {@code null}
 * @param addressColumn         the column of the failed file that holds a row's address
 */
public record Inspection(Charset charset, char delimiter, long rows, Set<Long> duplicateEmailHashes, String sha256,
        Set<String> groupNames, boolean hasAction, List<String> exportHeaders, String mapping, String addressColumn) {

    /**
     * This inspection of an export read through a mapping: it has an action if the export itself has the column the
     * mapping reads the action from.
     *
     * @param headers the export's own headers
     */
    Inspection throughMapping(List<String> headers, ExportMapping mapping) {
        String action = mapping.header(RowReader.ACTION);
        String address = mapping.header(RowReader.EMAIL_ADDRESS);
        return new Inspection(charset, delimiter, rows, duplicateEmailHashes, sha256, groupNames, headers.stream()
                .anyMatch(header -> header.trim().equalsIgnoreCase(action)), List.copyOf(headers),
                mapping.file().toString(), headers.stream().filter(header -> header.trim().equalsIgnoreCase(address))
                        .findFirst().orElse(address));
    }

    public boolean semicolonSeparated() {
        return delimiter == ';';
    }
}
