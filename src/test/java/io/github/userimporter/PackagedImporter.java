package io.github.userimporter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The jar {@code mvn package} built, run as its own process the way an operator or systemd runs it. */
public final class PackagedImporter {

    public static final Path JAR = Path.of("target", "atlassian-user-importer.jar").toAbsolutePath();
    /** The JVM options of the systemd unit: the jar runs here as it runs in production, and costs the tests less. */
    private static final List<String> DEPLOYED_JVM_OPTIONS = deployedJvmOptions();

    private final Process process;
    private final Path log;

    private PackagedImporter(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts the jar in {@code workingDirectory}, its standard output and error both to {@code log}, as a service
     * manager collects them.
     *
     * @param environment added to this process's environment
     */
    public static PackagedImporter start(Path workingDirectory, Path log, Map<String, String> environment,
            String... args) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command(args)).redirectErrorStream(true);
        return start(builder, workingDirectory, log, environment);
    }

    /** Starts the jar with its standard error apart, as a script that reads its standard output runs it. */
    public static PackagedImporter startWithErrorsTo(Path errors, Path workingDirectory, Path out,
            Map<String, String> environment, String... args) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command(args))
                .redirectError(ProcessBuilder.Redirect.appendTo(errors.toFile()));
        return start(builder, workingDirectory, out, environment);
    }

    /** Starts the jar on a pseudo-terminal, as a person at a terminal runs it ({@code script} from util-linux). */
    public static PackagedImporter startOnTerminal(Path workingDirectory, Path out, Map<String, String> environment,
            String... args) throws IOException {
        String shellCommand = command(args).stream().map(word -> "'" + word.replace("'", "'\\''") + "'")
                .collect(Collectors.joining(" "));
        ProcessBuilder builder = new ProcessBuilder("script", "-qec", shellCommand, "/dev/null")
                .redirectErrorStream(true);
        return start(builder, workingDirectory, out, environment);
    }

    private static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(DEPLOYED_JVM_OPTIONS);
        command.addAll(List.of("-jar", JAR.toString()));
        command.addAll(List.of(args));
        return command;
    }

    private static PackagedImporter start(ProcessBuilder builder, Path workingDirectory, Path log,
            Map<String, String> environment) throws IOException {
        builder.directory(workingDirectory.toFile()).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(environment);
        return new PackagedImporter(builder.start(), log);
    }

    private static List<String> deployedJvmOptions() {
        try (Stream<String> unit = Files.lines(Path.of("deploy", "atlassian-user-importer.service"))) {
            String execStart = unit.filter(line -> line.startsWith("ExecStart=")).findFirst().orElseThrow();
            return List.of(execStart.replaceFirst("^ExecStart=\\S+ (.*) -jar .*$", "$1").split(" "));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
