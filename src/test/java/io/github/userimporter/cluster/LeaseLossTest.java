package io.github.userimporter.cluster;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.github.userimporter.ImporterTestSupport;
import io.github.userimporter.LogCapture;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;

import static io.github.userimporter.ImporterFixture.readCsv;
import static io.github.userimporter.ImporterFixture.users;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A leader cut off from ZooKeeper, as in a network partition: it stops sending rows before its lease ends, and leads
 * again once ZooKeeper is back, finishing the file with every row once.
 */
class LeaseLossTest extends ImporterTestSupport {

    private static final int ROWS = 400;

    @Test
    void aLeaderThatLosesItsLeaseStopsSendingAndResumesWhenItLeadsAgain() throws Exception {
        // Short ticks, so that ZooKeeper grants the short session the lease asks for
        try (TestingServer zookeeper = new TestingServer(new InstanceSpec(null, -1, -1, -1, true, -1, 200, -1), true);
             LogCapture log = new LogCapture()) {
            importer.simulator.latency(Duration.ofMillis(40));
            importer.settings.put("importer.cluster", "zookeeper");
            importer.settings.put("importer.cluster.zookeeper", zookeeper.getConnectString());
            importer.settings.put("importer.cluster.lease", "2s");
            importer.settings.put("importer.concurrency", "4");
            importer.startDaemon();
            importer.drop("hires.csv", users("hire", ROWS));
            await().atMost(20, TimeUnit.SECONDS).until(() -> importer.rowsInJournal("hires") >= 50);

            zookeeper.stop();
            long cutOff = System.nanoTime();
            await().atMost(10, TimeUnit.SECONDS).until(() -> log.text().contains("is no longer the leader"));
            Duration noticed = Duration.ofNanos(System.nanoTime() - cutOff);
            // Rows in flight are answered; after that, nothing is sent or written
            Thread.sleep(500);
            int sent = importer.simulator.createRequests();
            long written = importer.rowsInJournal("hires");
            Thread.sleep(1500);
            assertThat(importer.simulator.createRequests()).isEqualTo(sent).isLessThan(ROWS);
            assertThat(importer.rowsInJournal("hires")).isEqualTo(written);
            assertThat(noticed).as("gave up the leadership within the lease").isLessThan(Duration.ofSeconds(2));

            zookeeper.restart();
            // The summary is written before the input is archived
            await().atMost(30, TimeUnit.SECONDS).until(() -> importer.outputs("hires", ".summary.json").size() == 1
                    && importer.archived().size() == 1);
        }
        List<String> expected = IntStream.rangeClosed(1, ROWS).mapToObj(i -> "hire" + i + "@bancly.com").toList();
        assertThat(readCsv(importer.output("hires", ".succeeded.csv"))).extracting(row -> row.get("emailAddress"))
                .containsExactlyInAnyOrderElementsOf(expected);
    }
}
