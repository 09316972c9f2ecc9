package io.github.userimporter.report;

import java.io.StringWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;

/**
 * Renders the report of one import: one HTML file with its styles and charts inline, so it opens offline and travels
 * as an e-mail attachment. Every value from the input file or the site goes through Mustache's escaping; the charts'
 * numbers are computed here.
 */
public final class ReportPage {

    /** Failed rows, and leavers, listed on the page; the output files have them all. */
    public static final int MAX_LISTED_ROWS = 200;

    /** Failed rows an e-mail lists; the attached failed file has them all. */
    static final int MAILED_FAILED_ROWS = 20;

    private static final Mustache TEMPLATE = new DefaultMustacheFactory("report").compile("report.mustache");
    /** The same import as an e-mail shows it: tables and inline styles only, which mail clients keep. */
    private static final Mustache MAIL = new DefaultMustacheFactory("report").compile("mail.mustache");
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final int CHART_WIDTH = 600;
    private static final int CHART_HEIGHT = 140;

    private ReportPage() {
    }

    public static String render(ReportInput input) {
        StringWriter html = new StringWriter();
        TEMPLATE.execute(html, new View(input));
        return html.toString();
    }

    /** The body of the import's e-mail: no SVG, script, style sheet or remote image, which mail clients drop. */
    public static String renderMail(ReportInput input) {
        StringWriter html = new StringWriter();
        MAIL.execute(html, new View(input));
        return html.toString();
    }

    /** What the template reads. */
    static final class View {

        final ReportInput input;

        View(ReportInput input) {
            this.input = input;
        }

        String when() {
            return WHEN.format(input.startedAt());
        }

        String duration() {
            return String.format(Locale.ROOT, "%.1f s", input.durationMillis() / 1000.0);
        }

        String rowsPerSecond() {
            double seconds = input.durationMillis() / 1000.0;
            return String.format(Locale.ROOT, "%.1f", seconds > 0 ? input.rows() / seconds : 0);
        }

        long invalid() {
            return input.failedByReason().entrySet().stream().filter(reason -> reason.getKey().startsWith("invalid"))
                    .mapToLong(Map.Entry::getValue).sum();
        }

        /** The outcome chart: one bar a kind, widths in percent of the rows. */
        List<Bar> bars() {
            long all = Math.max(1, input.rows());
            long invalid = invalid();
            return List.of(new Bar(input.dryRun() ? "would be created" : "created or already there", joined(), "ok",
                    all), new Bar("access restored", input.restored(), "ok", all), new Bar(input.dryRun()
                    ? "would be offboarded" : "offboarded", input.left(), "ok", all), new Bar("scheduled for their "
                    + "start date", input.scheduled(), "ok", all), new Bar("failed at the site",
                    input.failed() - invalid, "failed", all), new Bar("invalid, never sent", invalid, "invalid", all));
        }

        List<Reason> reasons() {
            List<Reason> reasons = new ArrayList<>();
            input.failedByReason().forEach((reason, count) -> reasons.add(new Reason(reason, count,
                    NextStep.forReason(reason))));
            return reasons;
        }

        long joined() {
            return input.succeeded() - input.restored() - input.left() - input.skipped();
        }

        boolean hasLeavers() {
            return !input.leavers().isEmpty();
        }

        boolean hasFailures() {
            return input.failed() > 0;
        }

        List<ReportInput.FailedRow> firstFailedRows() {
            return input.failedRows().subList(0, Math.min(MAILED_FAILED_ROWS, input.failedRows().size()));
        }

        long moreFailed() {
            return input.failed() - input.failedRows().size();
        }

        boolean hasMoreFailed() {
            return moreFailed() > 0;
        }

        /** The rows-per-second chart as SVG polyline points, seconds left to right. */
        String timeline() {
            List<Integer> perSecond = input.completedPerSecond();
            int peak = Math.max(1, perSecond.stream().mapToInt(Integer::intValue).max().orElse(1));
            if (perSecond.size() == 1) {
                // An import within one second is drawn flat across the chart
                int y = y(perSecond.get(0), peak);
                return "0," + y + " " + CHART_WIDTH + "," + y;
            }
            StringBuilder points = new StringBuilder();
            for (int second = 0; second < perSecond.size(); second++) {
                points.append(x(second)).append(',').append(y(perSecond.get(second), peak)).append(' ');
            }
            return points.toString().trim();
        }

        List<Integer> throttleMarks() {
            return input.throttledSeconds().stream().distinct().map(this::x).toList();
        }

        int peakRate() {
            return input.completedPerSecond().stream().mapToInt(Integer::intValue).max().orElse(0);
        }

        int seconds() {
            return input.completedPerSecond().size();
        }

        int chartWidth() {
            return CHART_WIDTH;
        }

        int chartHeight() {
            return CHART_HEIGHT;
        }

        private int x(int second) {
            return (int) Math.round(second * (CHART_WIDTH / (double) Math.max(1, seconds() - 1)));
        }

        private static int y(int rows, int peak) {
            return (int) Math.round(CHART_HEIGHT - rows * (CHART_HEIGHT - 10) / (double) peak);
        }
    }

    /** One bar of the outcome chart. */
    record Bar(String label, long count, String kind, long all) {

        int percent() {
            return (int) Math.round(100.0 * count / all);
        }
    }

    /** Failed rows of one reason, and what to do about them. */
    record Reason(String reason, long count, String nextStep) {
    }
}
