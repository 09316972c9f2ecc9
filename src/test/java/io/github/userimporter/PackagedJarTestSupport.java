package io.github.userimporter;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * For tests that run the packaged jar as its own process: fresh folders and a simulator on loopback, which
 * {@link ImporterFixture#environment()} points the jar at.
 */
public abstract class PackagedJarTestSupport {

    @TempDir
    protected Path folder;
    protected ImporterFixture files;

    @BeforeEach
    public void startSite() throws Exception {
        files = new ImporterFixture(folder);
    }

    @AfterEach
    public void stopSite() throws Exception {
        files.close();
    }
}
