package io.github.userimporter.imports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The importer's memory across restarts ({@code IMPORTER_STATE}). An import in progress has a folder here that names
 * its input and holds its result files, appended and forced to disk row by row: they are the journal a restart resumes
 * from. A finished import leaves its summary under the SHA-256 of its input, so the same bytes dropped again are
 * recognised.
 *
 * <pre>
 * importing/&lt;import id&gt;/import.json         the input's name and SHA-256, and when the import began
 * importing/&lt;import id&gt;/&lt;import id&gt;.succeeded.csv, .failed.csv
 * imported/&lt;SHA-256&gt;.json                     the summary of the last finished import of those bytes
 * </pre>
 */
final class StateFolder {

    private static final String IMPORTING = "importing";
    private static final String IMPORTED = "imported";
    private static final String BEGUN = "import.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path importing;
    private final Path imported;

    StateFolder(Path root) {
        this.importing = root.resolve(IMPORTING);
        this.imported = root.resolve(IMPORTED);
    }

    /**
     * What a restart needs to know of an import in progress.
     *
     * @param file      the input's name in the inbox
     * @param importId  the import's ID
     * @param sha256    of the input's bytes
     * @param startedAt ISO-8601 UTC
     */
    record Begun(String file, String importId, String sha256, String startedAt) {
    }

    /** The folder that holds an import's result files until it finishes. */
    Path staging(String importId) {
        return importing.resolve(importId);
    }

    /** From now on a restart resumes the import; its staging folder and headers must exist already. */
    void begun(Begun begun) throws IOException {
        OwnerOnly.writeDurably(staging(begun.importId()).resolve(BEGUN), JSON.writeValueAsString(begun));
    }

    /** An import of these bytes that began and did not finish, if any. */
    Optional<Begun> unfinished(String sha256) throws IOException {
        return unfinished().stream().filter(begun -> begun.sha256().equals(sha256)).findFirst();
    }

    /** Every import that began and did not finish, oldest first. */
    List<Begun> unfinished() throws IOException {
        if (!Files.isDirectory(importing)) {
            return List.of();
        }
        List<Path> folders;
        try (Stream<Path> list = Files.list(importing)) {
            folders = list.sorted().toList();
        }
        List<Begun> unfinished = new ArrayList<>();
        for (Path folder : folders) {
            Path begun = folder.resolve(BEGUN);
            if (Files.exists(begun)) {
                unfinished.add(JSON.readValue(begun.toFile(), Begun.class));
            }
        }
        return unfinished;
    }

    /** The last finished import of these bytes, if any. */
    Optional<Summary> finished(String sha256) throws IOException {
        Path summary = imported.resolve(sha256 + ".json");
        return Files.exists(summary) ? Optional.of(JSON.readValue(summary.toFile(), Summary.class))
                : Optional.empty();
    }

    /** Remembers a finished import, then drops its journal: the outbox holds its results now. */
    void finished(Summary summary) throws IOException {
        OwnerOnly.createDirectories(imported);
        OwnerOnly.writeDurably(imported.resolve(summary.sha256() + ".json"), JSON.writeValueAsString(summary));
        discard(summary.importId());
    }

    /** Forgets an import that posted nothing worth keeping (rejected, or a dry run). */
    void discard(String importId) throws IOException {
        Path folder = staging(importId);
        if (Files.exists(folder)) {
            try (Stream<Path> paths = Files.walk(folder)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                    try {
                        Files.delete(path);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
    }
}
