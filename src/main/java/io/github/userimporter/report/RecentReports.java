package io.github.userimporter.report;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Serves the reports in the outbox on the management server ({@code /reports/}), newest first, so that an operator
 * can open them without a shell on the importer's host. Only names the outbox lists are served.
 */
public final class RecentReports {

    /** Reports listed on the index, newest first. */
    static final int LISTED = 100;
    static final String SUFFIX = ".report.html";

    private static final Mustache INDEX = new DefaultMustacheFactory("report").compile("index.mustache");

    private final Path outbox;

    /** What the index template reads. */
    record Index(List<String> reports) {
    }

    /** Where the reports are served on the management server. */
    public static final String PATH = "/reports/";

    public RecentReports(Path outbox) {
        this.outbox = outbox;
    }

    /** Adds {@code /reports/} and {@code /reports/<name>.report.html} to the router. */
    public void serveOn(Router router) {
        router.get(PATH).blockingHandler(this::index);
        router.get(PATH + ":name").blockingHandler(this::report);
    }

    private void index(RoutingContext http) {
        StringWriter html = new StringWriter();
        INDEX.execute(html, new Index(names()));
        http.response().putHeader("Content-Type", "text/html; charset=utf-8").end(html.toString());
    }

    private void report(RoutingContext http) {
        String name = http.pathParam("name");
        // Only a name the outbox lists: nothing in the path can reach another folder
        if (!names().contains(name)) {
            http.response().setStatusCode(404).end("No such report");
            return;
        }
        try {
            http.response().putHeader("Content-Type", "text/html; charset=utf-8")
                    .end(Files.readString(outbox.resolve(name)));
        } catch (IOException e) {
            http.response().setStatusCode(404).end("No such report");
        }
    }

    private List<String> names() {
        try (Stream<Path> files = Files.list(outbox)) {
            return files.filter(file -> file.getFileName().toString().endsWith(SUFFIX))
                    .sorted(Comparator.comparing(RecentReports::modified).reversed()).limit(LISTED)
                    .map(file -> file.getFileName().toString()).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
