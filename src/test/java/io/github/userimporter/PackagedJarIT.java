package io.github.userimporter;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

        assertThat(importer.exitCode(60)).as(importer.log()).isEqualTo(Run.ALL_SUCCEEDED);
        Path outbox = workingDirectory.resolve("outbox");
        File[] summaries = outbox.toFile().listFiles((dir, name) -> name.endsWith(".summary.json"));
        assertThat(summaries).hasSize(1);
        Path succeeded = Path.of(summaries[0].getPath().replace(".summary.json", ".succeeded.csv"));
        assertThat(readCsv(succeeded)).hasSize(6);
        // Its last lines say what happened, the re-hire among it, and where the results are
        List<String> lines = importer.log().lines().toList();
        List<String> tail = lines.subList(lines.size() - 7, lines.size());
        String id = summaries[0].getName().replace(".summary.json", "");
        assertThat(tail.get(0)).startsWith("demo-users.csv: imported in ");
        assertThat(tail.subList(1, 6)).containsExactly("  6 rows: 4 created or already there, 1 access restored, 1 offboarded, 0 failed",
                "  0 retries, 0 answered 429",
                "  results: " + Path.of("outbox", id + ".succeeded.csv"),
                "           " + Path.of("outbox", id + ".failed.csv"),
                "           " + Path.of("outbox", id + ".summary.json"));
        assertThat(tail.get(6)).startsWith("Demo: former.contractor@bancly.com had an account");
        assertThat(workingDirectory.resolve("inbox").resolve(".done").toFile().list()).hasSize(1);
    }
}
