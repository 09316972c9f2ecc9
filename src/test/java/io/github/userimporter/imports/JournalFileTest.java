package io.github.userimporter.imports;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Rows appended from many threads at once, and after the journal was closed, all land once and whole. */
class JournalFileTest {

    @Test
    void everyRecordAppendedAtOnceLandsOnceAndWhole(@TempDir Path folder) throws Exception {
        Path file = Files.writeString(folder.resolve("hires.succeeded.csv"), "emailAddress,line\n");
        JournalFile journal = new JournalFile(file);
        ExecutorService rows = Executors.newFixedThreadPool(16);
        List<Future<?>> appends = new ArrayList<>();
        for (int line = 2; line <= 2001; line++) {
            byte[] record = ("hire" + line + "@bancly.com," + line + "\n").getBytes(StandardCharsets.UTF_8);
            appends.add(rows.submit(() -> {
                journal.append(record);
                return null;
            }));
            if (line == 1500) {
                // The import ends while rows are still being answered: they are written all the same
                rows.submit(() -> {
                    journal.close();
                    return null;
                });
            }
        }
        for (Future<?> append : appends) {
            append.get();
        }
        rows.shutdown();
        journal.close();

        List<String> lines = Files.readAllLines(file);
        assertThat(lines.get(0)).isEqualTo("emailAddress,line");
        assertThat(lines.subList(1, lines.size())).containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(2, 2001)
                .mapToObj(line -> "hire" + line + "@bancly.com," + line).toList());
    }
}
