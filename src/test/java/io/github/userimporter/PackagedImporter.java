package io.github.userimporter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The jar {@code mvn package} built, run as its own process the way an operator or systemd runs it. */
public final class PackagedImporter {

    public static final Path JAR = Path.of("target", "atlassian-user-importer.jar").toAbsolutePath();

    private final Process process;
    private final Path log;

    private PackagedImporter(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts the jar in {@code workingDirectory}, logging to {@code log}.
     *
     * @param environment added to this process's environment
     */
    public static PackagedImporter start(Path workingDirectory, Path log, Map<String, String> environment,
            String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        return new PackagedImporter(builder.start(), log);
    }

    /** Waits for the process to end and returns its exit code, or fails after the timeout. */
    public int exitCode(long seconds) throws Exception {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("the importer did not end within " + seconds + " s; its log:\n" + log());
        }
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hook, nothing flushed that was not already. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** SIGTERM, as {@code systemctl stop} sends. */
    public void terminate() {
        process.destroy();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }
}
