package io.github.userimporter;

import java.io.IOException;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Gives each test its own {@link ImporterFixture}: fresh folders and a fresh simulator. */
abstract class ImporterTestSupport {

    @TempDir
    Path folder;
    ImporterFixture importer;

    @BeforeEach
    void startFixture() throws Exception {
        importer = new ImporterFixture(folder);
    }

    @AfterEach
    void stopFixture() throws Exception {
        importer.close();
    }

    /** The one summary written for an input base name. */
    JsonNode summary(String baseName) throws IOException {
        return new ObjectMapper().readTree(importer.output(baseName, ".summary.json").toFile());
    }
}
