package io.github.userimporter.sftp;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.apache.camel.Body;

/**
 * The files of one finished import, in the order they are uploaded: its summary last, as in the outbox, so that a
 * summary on the server says the import's other files are there too.
 */
public final class ResultsUpload {

    static final String SUMMARY = ".summary.json";

    /** @param summary an import's summary in the outbox; its other files are named after it, {@code <import>.*} */
    public List<File> files(@Body File summary) throws IOException {
        String id = summary.getName().substring(0, summary.getName().length() - SUMMARY.length());
        List<File> files = new ArrayList<>();
        try (Stream<Path> outbox = Files.list(summary.toPath().getParent())) {
            outbox.filter(file -> file.getFileName().toString().startsWith(id + ".") && !file.equals(summary.toPath())
                    && Files.isRegularFile(file)).sorted().map(Path::toFile).forEach(files::add);
        }
        files.add(summary);
        return files;
    }
}
