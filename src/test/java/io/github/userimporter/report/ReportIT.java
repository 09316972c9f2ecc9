package io.github.userimporter.report;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.userimporter.ImporterTestSupport;
import io.github.userimporter.Run;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The report of a mixed import as a person sees it: rendered by a real browser (Debian's headless Chromium). */
class ReportIT extends ImporterTestSupport {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final String HOSTILE = "x<img src=x onerror=alert(1)>@example.com";

    @Test
    void aMixedImportReadsRightInABrowserAndHostileValuesStayText() throws Exception {
        importer.simulator.failEvery(3);
        importer.settings.put("importer.concurrency", "1");
        // A product this importer allows and the site does not know: Atlassian's 400
        importer.settings.put("importer.allowed-products", "jira-software;confluence");
        importer.drop("mixed.csv", "emailAddress,products\n"
                + "ana@bancly.com,jira-software\n"
                + "no.product@bancly.com,confluence\n"
                + "ben@bancly.com,jira-software\n"
                + "\"" + HOSTILE + "\",jira-software\n"
                + "ana@bancly.com,jira-software\n"
                + "cem@bancly.com,jira-software\n");

        assertThat(importer.runOnce()).isEqualTo(Run.ROWS_FAILED);

        Path report = importer.output("mixed", ".report.html");
        Document page = Jsoup.parse(dumpDom(report));
        assertThat(page.getElementById("rows").text()).isEqualTo("6");
        assertThat(page.getElementById("succeeded").text()).isEqualTo("3");
        assertThat(page.getElementById("failed").text()).isEqualTo("3");
        assertThat(page.getElementById("invalid").text()).isEqualTo("2");
        assertThat(Long.parseLong(page.getElementById("retries").text())).isPositive();
        // Failures grouped by reason, each with what to do
        assertThat(page.select("#reasons tbody tr")).extracting(row -> row.child(0).text() + "|"
                + row.child(1).text()).containsExactlyInAnyOrder(
                        "1|400: Unknown product: confluence",
                        "1|invalid: emailAddress contains a space or control character",
                        "1|invalid: duplicate of an earlier row");
        assertThat(page.select("#reasons tbody td:eq(2)")).allSatisfy(step -> assertThat(step.text())
                .contains("drop the failed file back"));
        // The hostile cell is text on the page, not an element
        assertThat(page.select("#failed-rows tbody tr")).extracting(row -> row.child(0).text())
                .containsExactly("3", "5", "6");
        assertThat(page.select("#failed-rows").text()).contains(HOSTILE);
        assertThat(page.select("img, script, iframe, object, embed, link")).isEmpty();
        // Nothing on the page asks the network for anything
        List<Element> linked = page.select("[src], [href]");
        assertThat(linked).isEmpty();
        assertThat(Files.readString(report)).contains("default-src 'none'");
    }

    @Test
    void theManagementServerListsAndServesTheReports() throws Exception {
        importer.startDaemon();
        importer.drop("team.csv", "emailAddress,products\nana@bancly.com,jira-software\n");
        await().atMost(30, TimeUnit.SECONDS).until(() -> importer.outputs("team", ".report.html").size() == 1);
        String name = importer.output("team", ".report.html").getFileName().toString();
        String base = "http://127.0.0.1:" + importer.settings.get("camel.management.port") + "/reports/";
        HttpClient http = HttpClient.newHttpClient();

        HttpResponse<String> index = http.send(HttpRequest.newBuilder(URI.create(base)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(Jsoup.parse(index.body()).select("a").eachAttr("href")).containsExactly(name);

        HttpResponse<String> report = http.send(HttpRequest.newBuilder(URI.create(base + name)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(report.body()).isEqualTo(Files.readString(importer.output("team", ".report.html")));

        for (String elsewhere : List.of("team.csv", "..%2Fstate", name.replace(".report.html", ".summary.json"))) {
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + elsewhere)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).as(elsewhere).isEqualTo(404);
        }
    }

    /** The page after a real browser parsed and laid it out, scripts and all. */
    private String dumpDom(Path page) throws Exception {
        assertThat(CHROMIUM).as("Chromium from Debian's chromium package (.ci/install-tools installs it)")
                .isExecutable();
        Path profile = Files.createTempDirectory(folder, "chromium");
        Process chromium = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--dump-dom", page.toUri().toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom = new String(chromium.getInputStream().readAllBytes());
        assertThat(chromium.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return dom;
    }
}
