package io.github.userimporter;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.github.userimporter.ImporterFixture.readCsv;
import static org.assertj.core.api.Assertions.assertThat;

/** The README's first command, on the jar {@code mvn package} built, from another working directory. */
class PackagedJarIT {

    @TempDir
    Path workingDirectory;

    @Test
    void demoRunsFromThePackagedJar() throws Exception {
        PackagedImporter importer = PackagedImporter.start(workingDirectory, workingDirectory.resolve("importer.log"),
                Map.of(), "--demo", "--once");

        assertThat(importer.exitCode(60)).as(importer.log()).isEqualTo(Run.ROWS_FAILED);
        Path outbox = workingDirectory.resolve("outbox");
        File[] summaries = outbox.toFile().listFiles((dir, name) -> name.endsWith(".summary.json"));
        assertThat(summaries).hasSize(1);
        Path succeeded = Path.of(summaries[0].getPath().replace(".summary.json", ".succeeded.csv"));
        assertThat(readCsv(succeeded)).hasSize(4);
        assertThat(importer.log()).contains("\"succeeded\" : 4", "\"failed\" : 1");
        assertThat(workingDirectory.resolve("inbox").resolve(".done").toFile().list()).hasSize(1);
    }
}
