package io.github.userimporter;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

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
        Path jar = Path.of("target", "atlassian-user-importer.jar").toAbsolutePath();
        Path log = workingDirectory.resolve("importer.log");
        Process importer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--demo", "--once").directory(workingDirectory.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();

        assertThat(importer.waitFor(60, TimeUnit.SECONDS)).as("finished").isTrue();
        assertThat(importer.exitValue()).as(Files.readString(log)).isEqualTo(Run.ROWS_FAILED);
        Path outbox = workingDirectory.resolve("outbox");
        File[] summaries = outbox.toFile().listFiles((dir, name) -> name.endsWith(".summary.json"));
        assertThat(summaries).hasSize(1);
        Path succeeded = Path.of(summaries[0].getPath().replace(".summary.json", ".succeeded.csv"));
        assertThat(readCsv(succeeded)).hasSize(4);
        assertThat(Files.readString(log)).contains("\"succeeded\" : 4", "\"failed\" : 1");
        assertThat(workingDirectory.resolve("inbox").resolve(".done").toFile().list()).hasSize(1);
    }
}
