package io.github.userimporter.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.github.userimporter.ImporterFixture;
import io.github.userimporter.ImporterTestSupport;
import io.github.userimporter.PackagedImporter;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.github.userimporter.ImporterFixture.readCsv;
import static io.github.userimporter.ImporterFixture.users;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two packaged daemons on the same folders, one leader: the leader is killed (SIGKILL) at several points of a
 * thousand-row import, a fresh instance joining each time, and stopped (SIGTERM) once; every row still ends up once
 * in the results, the input archived once.
 */
class FailoverIT extends ImporterTestSupport {

    private static final int ROWS = 1000;
    private static final int CONCURRENCY = 4;
    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final List<Instance> instances = new ArrayList<>();
    private Map<String, String> environment;

    /** One daemon and the port of its health and metrics. */
    private record Instance(PackagedImporter process, int managementPort, String name) {
    }

    @BeforeEach
    void sharedFolders() {
        // 160 rows a second: the import lasts long enough to be interrupted three times
        importer.simulator.latency(Duration.ofMillis(25));
        environment = importer.environment();
        environment.put("IMPORTER_CONCURRENCY", String.valueOf(CONCURRENCY));
        environment.put("IMPORTER_CLUSTER_LEASE", LEASE.toSeconds() + "s");
    }

    @AfterEach
    void stopInstances() throws InterruptedException {
        for (Instance instance : instances) {
            instance.process().kill();
        }
    }

    @Test
    void withAFileLockEveryRowIsImportedOnceAcrossFailovers() throws Exception {
        environment.put("IMPORTER_CLUSTER", "file");
        importAcrossFailovers(150, 450);
    }

    @Test
    void withZooKeeperEveryRowIsImportedOnceAcrossFailovers() throws Exception {
        // Short ticks, so that ZooKeeper grants the short session the lease asks for
        try (TestingServer zookeeper = new TestingServer(new InstanceSpec(null, -1, -1, -1, true, -1, 200, -1), true)) {
            environment.put("IMPORTER_CLUSTER", "zookeeper");
            environment.put("IMPORTER_CLUSTER_ZOOKEEPER", zookeeper.getConnectString());
            importAcrossFailovers(300);
        }
    }

    /** Kills the leader after each number of rows, a new instance joining each time; then stops the last cleanly. */
    private void importAcrossFailovers(int... killAfterRows) throws Exception {
        start("a");
        start("b");
        Instance leader = awaitLeader();
        Instance standby = instances.stream().filter(instance -> instance != leader).findFirst().orElseThrow();
        // Healthy while it stands by, and says so
        await().atMost(30, TimeUnit.SECONDS).ignoreExceptions().until(() -> get(standby, "/observe/health")
                .statusCode() == 200);
        assertThat(get(standby, "/observe/health").body()).contains("{\"name\":\"cluster\",\"status\":\"UP\",\"message\":\"standby: ");
        Path input = importer.drop("hires.csv", users("hire", ROWS));

        char newcomer = 'c';
        for (int rows : killAfterRows) {
            killLeaderAfter(rows, true);
            start(String.valueOf(newcomer++));
        }
        killLeaderAfter(750, false);

        // The summary is written before the input is archived
        await().atMost(90, TimeUnit.SECONDS).until(() -> importer.outputs("hires", ".summary.json").size() == 1
                && !Files.exists(input));
        List<String> expected = IntStream.rangeClosed(1, ROWS).mapToObj(i -> "hire" + i + "@bancly.com").toList();
        assertThat(readCsv(importer.output("hires", ".succeeded.csv"))).extracting(row -> row.get("emailAddress"))
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(readCsv(importer.output("hires", ".failed.csv"))).isEmpty();
        assertThat(importer.archived()).hasSize(1);
        assertThat(input).doesNotExist();
        // Only rows in flight when a leader was killed or cut off may have been posted twice; the SIGTERM wrote every
        // row it posted. A machine busy enough to suspend a leader's ZooKeeper session makes a takeover of its own.
        long takeovers = leaderships() - 1 - 1;
        assertThat(takeovers).isGreaterThanOrEqualTo(killAfterRows.length);
        assertThat(importer.simulator.createRequests()).isBetween(ROWS, (int) (ROWS + takeovers * 2 * CONCURRENCY));
    }

    /** How many times an instance became the leader, from every instance's log. */
    private long leaderships() throws IOException {
        long count = 0;
        try (var logs = Files.newDirectoryStream(folder, "*.log")) {
            for (Path log : logs) {
                count += Files.readAllLines(log).stream().filter(line -> line.contains("is now the leader")).count();
            }
        }
        return count;
    }

    /** Waits for the journal to hold {@code rows} rows, stops the leader (SIGKILL or SIGTERM), awaits the next one. */
    private void killLeaderAfter(int rows, boolean kill) throws Exception {
        await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(20)).until(() -> importer.rowsInJournal("hires") >= rows);
        Instance leader = awaitLeader();
        long stoppedAt = System.nanoTime();
        if (kill) {
            leader.process().kill();
        } else {
            leader.process().terminate();
            assertThat(leader.process().exitCode(30)).isEqualTo(143);
            assertThat(leader.process().log()).contains("Import of hires.csv paused after");
        }
        instances.remove(leader);
        Instance next = awaitLeader();
        System.out.printf("%s of %s after %d rows: %s leads after %d ms%n", kill ? "SIGKILL" : "SIGTERM",
                leader.name(), rows, next.name(), Duration.ofNanos(System.nanoTime() - stoppedAt).toMillis());
    }

    private void start(String name) throws IOException {
        int port = ImporterFixture.freePort();
        Map<String, String> own = new HashMap<>(environment);
        own.put("IMPORTER_MANAGEMENT_PORT", String.valueOf(port));
        instances.add(new Instance(PackagedImporter.start(folder, folder.resolve(name + ".log"), own), port, name));
    }

    /** The one instance whose metrics say it leads; fails if two do. */
    private Instance awaitLeader() throws IOException {
        List<Instance> leaders = new ArrayList<>();
        try {
            await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100)).until(() -> {
                leaders.clear();
                for (Instance instance : instances) {
                    if (isLeader(instance)) {
                        leaders.add(instance);
                    }
                }
                return !leaders.isEmpty();
            });
        } catch (ConditionTimeoutException e) {
            StringBuilder logs = new StringBuilder("no instance became the leader; their logs:");
            for (Instance instance : instances) {
                logs.append("\n--- ").append(instance.name()).append('\n').append(instance.process().log());
            }
            throw new AssertionError(logs.toString(), e);
        }
        assertThat(leaders).hasSize(1);
        return leaders.get(0);
    }

    private boolean isLeader(Instance instance) {
        try {
            return ImporterFixture.metric(get(instance, "/observe/metrics").body(), "importer_cluster_leader") == 1;
        } catch (IOException | AssertionError e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static HttpResponse<String> get(Instance instance, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + instance.managementPort() + path))
                .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
