package io.github.userimporter.ops;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.userimporter.ImporterFixture;
import io.github.userimporter.ImporterTestSupport;
import io.github.userimporter.LogCapture;
import io.github.userimporter.Run;
import org.junit.jupiter.api.Test;

import static io.github.userimporter.ImporterFixture.users;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Health and metrics as an operator's probe and Prometheus see them: real HTTP to the running daemon. */
class OperationsTest extends ImporterTestSupport {


    @Test
    void metricsCountWhatAKnownImportDid() throws Exception {
        // Eight licences: the ninth user is refused with Atlassian's 400
        importer.simulator.licensedUserLimit(8).failEvery(4);
        importer.startDaemon();
        importer.drop("hires.csv", users("hire", 8) + "one.too.many@bancly.com,jira-software\n"
                + "not-an-address,jira-software\n");
        await().atMost(60, TimeUnit.SECONDS).until(() -> importer.outputs("hires", ".summary.json").size() == 1);

        String metrics = importer.management("/observe/metrics").body();
        int serverErrors = importer.simulator.createRequests() - 9;
        assertThat(serverErrors).as("the simulator answered some 500s").isPositive();
        assertThat(ImporterFixture.metric(metrics, "importer_rows_total{outcome=\"succeeded\"}")).isEqualTo(8);
        assertThat(ImporterFixture.metric(metrics, "importer_rows_total{outcome=\"failed\"}")).isEqualTo(2);
        assertThat(ImporterFixture.metric(metrics, "importer_requests_seconds_count{status=\"201\"}")).isEqualTo(8);
        assertThat(ImporterFixture.metric(metrics, "importer_requests_seconds_count{status=\"400\"}")).isEqualTo(1);
        assertThat(ImporterFixture.metric(metrics, "importer_requests_seconds_count{status=\"500\"}")).isEqualTo(serverErrors);
        assertThat(ImporterFixture.metric(metrics, "importer_retries_total")).isEqualTo(serverErrors);
        assertThat(ImporterFixture.metric(metrics, "importer_rate_limited_total")).isZero();
        assertThat(ImporterFixture.metric(metrics, "importer_near_limit_total")).isZero();
        assertThat(ImporterFixture.metric(metrics, "importer_requests_in_flight")).isZero();
        assertThat(ImporterFixture.metric(metrics, "importer_files_total{result=\"imported\"}")).isEqualTo(1);
        assertThat(ImporterFixture.metric(metrics, "importer_file_rows")).isZero();
        assertThat(metrics).contains("importer_requests_seconds_bucket{status=\"201\",le=\"0.1\"}")
                .doesNotContain(ImporterFixture.TOKEN);
    }

    @Test
    void metricsCountTheSitesWarningsAndThrottles() throws Exception {
        importer.simulator.burstLimit(20, 5);
        importer.settings.put("importer.concurrency", "8");
        importer.startDaemon();
        importer.drop("team.csv", users("team", 80));
        await().atMost(60, TimeUnit.SECONDS).until(() -> importer.outputs("team", ".summary.json").size() == 1);

        String metrics = importer.management("/observe/metrics").body();
        assertThat(importer.simulator.nearLimitAnswers()).as("answers that said X-RateLimit-NearLimit").isPositive();
        assertThat(ImporterFixture.metric(metrics, "importer_near_limit_total"))
                .isEqualTo(importer.simulator.nearLimitAnswers());
        assertThat(ImporterFixture.metric(metrics, "importer_rate_limited_total"))
                .isEqualTo(importer.simulator.rateLimited());
    }

    @Test
    void metricsShowTheProgressOfTheFileBeingImported() throws Exception {
        importer.simulator.latency(Duration.ofMillis(50));
        importer.settings.put("importer.concurrency", "1");
        importer.startDaemon();
        importer.drop("long.csv", users("long", 60));

        await().atMost(30, TimeUnit.SECONDS).until(() -> ImporterFixture.metric(importer.management("/observe/metrics").body(),
                "importer_file_rows_done") >= 5);
        String metrics = importer.management("/observe/metrics").body();
        assertThat(ImporterFixture.metric(metrics, "importer_file_rows")).isEqualTo(60);
        assertThat(ImporterFixture.metric(metrics, "importer_file_rows_done")).isBetween(5.0, 59.0);
        assertThat(ImporterFixture.metric(metrics, "importer_requests_in_flight")).isBetween(0.0, 1.0);
    }

    @Test
    void healthIsUpWhenTheImporterCanWorkAndSaysWhatIsWrongWhenNot() throws Exception {
        importer.startDaemon();
        await().atMost(10, TimeUnit.SECONDS).until(() -> importer.management("/observe/health").statusCode() == 200);
        assertThat(importer.management("/observe/health").body()).contains("UP");

        Files.delete(importer.outbox);
        Files.writeString(importer.outbox, "not a folder");
        HttpResponse<String> down = importer.management("/observe/health");
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).contains("\"status\":\"DOWN\"");
        assertThat(new ObjectMapper().readTree(down.body()).findValuesAsText("message"))
                .containsExactly("the outbox (IMPORTER_OUTBOX) is not a writable folder");

        Files.delete(importer.outbox);
        Files.createDirectory(importer.outbox);
        assertThat(importer.management("/observe/health").statusCode()).isEqualTo(200);
    }

    @Test
    void aManagementPortInUseStopsStartUpWithOneLineNamingIt() throws Exception {
        int port = Integer.parseInt(importer.settings.get("camel.management.port"));
        importer.drop("hires.csv", users("hire", 2));
        try (ServerSocket taken = new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
                LogCapture log = new LogCapture()) {
            assertThat(importer.runOnce()).isEqualTo(Run.COULD_NOT_RUN);

            assertThat(log.text().lines().filter(line -> line.contains(String.valueOf(port)))).containsExactly(
                    "ERROR Configuration: IMPORTER_MANAGEMENT_PORT: port " + port + " on 127.0.0.1 is in use "
                            + "(another importer, or a process left over?): stop it, or set IMPORTER_MANAGEMENT_PORT "
                            + "to a free port");
            assertThat(log.text()).doesNotContain("Exception");
        }
        assertThat(importer.simulator.createRequests()).isZero();
        assertThat(importer.inbox.resolve("hires.csv")).exists();
    }

    @Test
    void healthIsDownWhileTheSiteRefusesTheCredentials() throws Exception {
        importer.settings.put("atlassian.api-token", "wrong-token");
        importer.startDaemon();
        // Once the inbox consumer has polled, the refused credentials are all that is wrong
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
            HttpResponse<String> down = importer.management("/observe/health");
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(new ObjectMapper().readTree(down.body()).findValuesAsText("message"))
                    .containsExactly("the site has not accepted the credentials (see the Preflight log line)");
        });
    }

    @Test
    void healthGoesDownWhenTheTokenIsRevokedMidFileAndUpWhenItWorksAgain() throws Exception {
        importer.simulator.revokeTokenAfter(3);
        importer.settings.put("importer.site-retry-interval", "1s");
        importer.startDaemon();
        await().atMost(10, TimeUnit.SECONDS).until(() -> importer.management("/observe/health").statusCode() == 200);
        importer.drop("hires.csv", users("hire", 20));

        await().atMost(20, TimeUnit.SECONDS).until(() -> importer.management("/observe/health").statusCode() == 503);
        assertThat(new ObjectMapper().readTree(importer.management("/observe/health").body()).findValuesAsText("message"))
                .containsExactly("the site has not accepted the credentials (see the Preflight log line)");
        assertThat(ImporterFixture.metric(importer.management("/observe/metrics").body(), "importer_files_total{result=\"stopped\"}")).isEqualTo(1);

        importer.simulator.revokeTokenAfter(0);
        await().atMost(20, TimeUnit.SECONDS).until(() -> importer.outputs("hires", ".summary.json").size() == 1);
        assertThat(importer.management("/observe/health").statusCode()).isEqualTo(200);
        assertThat(ImporterFixture.readCsv(importer.output("hires", ".succeeded.csv"))).hasSize(20);
    }

    @Test
    void healthAndMetricsListenOnLoopbackOnly() throws Exception {
        importer.startDaemon();
        await().atMost(10, TimeUnit.SECONDS).until(() -> importer.management("/observe/health").statusCode() == 200);
        String port = importer.settings.get("camel.management.port");
        String otherAddress = NetworkInterface.networkInterfaces().flatMap(nic -> nic.inetAddresses())
                .filter(address -> !address.isLoopbackAddress() && address instanceof Inet4Address)
                .map(InetAddress::getHostAddress).findFirst().orElse(null);
        assumeTrue(otherAddress != null, "no address but loopback here");
        assertThat(reachable(otherAddress, Integer.parseInt(port))).isFalse();
    }

    private static boolean reachable(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
