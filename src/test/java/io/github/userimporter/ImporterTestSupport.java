package io.github.userimporter;

import java.io.IOException;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Gives each test its own {@link ImporterFixture}: fresh folders and a fresh simulator. */
public abstract class ImporterTestSupport {

    @TempDir
    protected Path folder;
    protected ImporterFixture importer;

    @BeforeEach
    public void startFixture() throws Exception {
        importer = new ImporterFixture(folder);
    }

    @AfterEach
    public void stopFixture() throws Exception {
        importer.close();
    }

    /** The one summary written for an input base name. */
    public JsonNode summary(String baseName) throws IOException {
        return new ObjectMapper().readTree(importer.output(baseName, ".summary.json").toFile());
    }
}
