package io.github.userimporter;

import java.io.IOException;
import java.io.Reader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.github.userimporter.simulator.AtlassianSimulator;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import static org.awaitility.Awaitility.await;

/**
 * A real importer in a temporary folder, pointed at a real simulator on loopback: tests drop files in its inbox and
 * read what it wrote, as an operator would.
 */
public final class ImporterFixture implements AutoCloseable {

    public static final String EMAIL = "admin@bancly.com";
    public static final String TOKEN = "test-token-3f9a";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public final Path inbox;
    public final Path outbox;
    public final Path state;
    public final AtlassianSimulator simulator = new AtlassianSimulator(EMAIL, TOKEN);
    public final Map<String, String> settings = new HashMap<>();
    /** The day the importer sees: the machine's until a test sets one. */
    public final TestClock clock = new TestClock();
    private ImporterMain daemon;
    private CompletableFuture<Integer> daemonExit;

    public ImporterFixture(Path folder) throws IOException {
        inbox = folder.resolve("inbox");
        outbox = folder.resolve("outbox");
        state = folder.resolve("state");
        settings.put("atlassian.site-url", simulator.start(0));
        settings.put("atlassian.email", EMAIL);
        settings.put("atlassian.api-token", TOKEN);
        settings.put("importer.inbox", inbox.toString());
        settings.put("importer.outbox", outbox.toString());
        settings.put("importer.state", state.toString());
        settings.put("importer.default-products", "");
        settings.put("importer.settle-time", "0");
        settings.put("camel.management.port", String.valueOf(freePort()));
        Files.createDirectories(inbox);
    }

    /** Reads exports through a mapping of this text ({@code IMPORTER_MAPPING}), written beside the inbox. */
    public Path mapping(String yaml) throws IOException {
        Path mapping = Files.writeString(inbox.resolveSibling("mapping.yaml"), yaml);
        settings.put("importer.mapping", mapping.toString());
        return mapping;
    }

    public Path drop(String fileName, String content) throws IOException {
        // Written aside and moved in, as an uploader that renames on completion would
        Path partial = inbox.resolve("." + fileName);
        Files.writeString(partial, content, StandardCharsets.UTF_8);
        return Files.move(partial, inbox.resolve(fileName));
    }

    /** The environment that points the packaged jar at this fixture's simulator and folders. */
    public Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>(Map.of("ATLASSIAN_SITE_URL", simulator.siteUrl(),
                "ATLASSIAN_EMAIL", EMAIL, "ATLASSIAN_API_TOKEN", TOKEN, "IMPORTER_INBOX", inbox.toString(),
                "IMPORTER_OUTBOX", outbox.toString(), "IMPORTER_STATE", state.toString(), "IMPORTER_SETTLE_TIME",
                "0", "IMPORTER_MANAGEMENT_PORT", "0"));
        return environment;
    }

    /** Runs {@code --once} and returns its exit code. */
    public int runOnce(String... moreArgs) {
        return new ImporterMain(Stream.concat(Stream.of("--once"), Stream.of(moreArgs)).toList(), settings)
                .withClock(clock).run();
    }

    public ImporterMain startDaemon() {
        daemon = new ImporterMain(List.of(), settings).withClock(clock);
        daemonExit = CompletableFuture.supplyAsync(daemon::run);
        await().atMost(20, TimeUnit.SECONDS).until(() -> daemon.camelContext() != null
                && daemon.camelContext().isStarted());
        return daemon;
    }

    /** Stops the daemon as SIGTERM would, and waits for it to end. */
    public void stopDaemon() throws Exception {
        daemon.stop();
        daemonExit.get(30, TimeUnit.SECONDS);
        daemon = null;
    }

    /** The single output of the given kind ({@code .succeeded.csv}, ...) for an input base name. */
    public Path output(String baseName, String suffix) throws IOException {
        List<Path> found = outputs(baseName, suffix);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + baseName + "-*" + suffix + " in the outbox, found " + found);
        }
        return found.get(0);
    }

    public List<Path> outputs(String baseName, String suffix) throws IOException {
        if (!Files.isDirectory(outbox)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(outbox)) {
            return files.filter(file -> file.getFileName().toString().startsWith(baseName + "-")
                    && file.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    public List<Path> archived() throws IOException {
        Path archive = inbox.resolve(".done");
        if (!Files.isDirectory(archive)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(archive)) {
            return files.sorted().toList();
        }
    }

    /** GETs a path of the daemon's management server, as a probe or Prometheus would. */
    public HttpResponse<String> management(String path) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + settings.get("camel.management.port") + path);
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** One sample of a Prometheus scrape, e.g. {@code importer_rows_total{outcome="failed"}}. */
    public static double metric(String metrics, String sample) {
        Matcher found = Pattern.compile("(?m)^" + Pattern.quote(sample) + " (\\S+)$").matcher(metrics);
        if (!found.find()) {
            throw new AssertionError(sample + " not in\n" + metrics);
        }
        return Double.parseDouble(found.group(1));
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** An input file of {@code count} valid rows, {@code <prefix>1@bancly.com} on. */
    public static String users(String prefix, int count) {
        StringBuilder csv = new StringBuilder("emailAddress,products\n");
        for (int i = 1; i <= count; i++) {
            csv.append(prefix).append(i).append("@bancly.com,jira-software\n");
        }
        return csv.toString();
    }

    /** The journal ({@code .succeeded.csv} or {@code .failed.csv}) of the unfinished import of an input base name. */
    public Optional<Path> journal(String baseName, String suffix) throws IOException {
        Path importing = state.resolve("importing");
        if (!Files.isDirectory(importing)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(importing)) {
            return files.filter(file -> file.getFileName().toString().startsWith(baseName + "-")
                    && file.getFileName().toString().endsWith(suffix)).findFirst();
        }
    }

    /** Rows whose outcome the unfinished import of an input base name has written so far, header lines aside. */
    public long rowsInJournal(String baseName) throws IOException {
        long rows = 0;
        for (String suffix : List.of(".succeeded.csv", ".failed.csv")) {
            Optional<Path> journal = journal(baseName, suffix);
            if (journal.isPresent()) {
                try (Stream<String> lines = Files.lines(journal.get())) {
                    rows += Math.max(0, lines.count() - 1);
                } catch (IOException e) {
                    // The import finished and took its journal away meanwhile
                }
            }
        }
        return rows;
    }

    /** Reads an output CSV the way a script would: by its header. */
    public static List<CSVRecord> readCsv(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file);
             CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                     .parse(reader)) {
            return parser.getRecords();
        }
    }

    public static List<String> header(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file);
             CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().get().parse(reader)) {
            return parser.getHeaderNames();
        }
    }

    @Override
    public void close() throws Exception {
        if (daemon != null) {
            daemon.stop();
            daemonExit.get(30, TimeUnit.SECONDS);
        }
        simulator.close();
    }
}
