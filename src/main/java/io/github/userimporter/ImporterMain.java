package io.github.userimporter;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the importer: a daemon watching the inbox, or with {@code --once} a single pass over it, or with
 * {@code --demo} either of those against the built-in simulator.
 */
public final class ImporterMain {

    static final String USAGE = """
            Usage: java -jar atlassian-user-importer.jar [--once [--max-leavers N]] [--json] [--dry-run] [--demo]
                   [--help]
              (no option)  watch the inbox and import every CSV file dropped there, until stopped
              --once       import the files in the inbox, wait for any still arriving, print what
                           became of each, then exit: 0 all rows succeeded, 1 some rows failed
                           (or a file was rejected, or is not one the importer reads),
                           2 could not run (configuration, site unreachable, a file never settled)
              --max-leavers N
                           with --once: a file may hold up to N leave rows this run
                           (IMPORTER_MAX_LEAVERS otherwise, 10 by default)
              --json       with --once: print the closing report as JSON (log lines go to stderr)
              --dry-run    validate and write what would change, sending only the lookups of
                           leavers and rosters (same as IMPORTER_DRY_RUN=true)
              --demo       run against the built-in Atlassian simulator with a sample file
            Settings come from environment variables; see README.md.""";

    /** Read by log4j2.properties: where log lines go. {@code --json} keeps standard output for the report. */
    static final String LOG_TARGET = "importer.log-target";

    private final Main main = new Main();
    private final Run run;
    private final Map<String, String> overrides;
    /** Says what day it is: by the machine's time zone, as HR writes start dates; a test sets its own. */
    private Clock clock = Clock.systemDefaultZone();

    /**
     * @param args      the command line
     * @param overrides settings that take precedence over {@code application.properties} and the environment
     */
    public ImporterMain(List<String> args, Map<String, String> overrides) {
        this(args, overrides, false);
    }

    /** @param terminal whether standard output is a terminal */
    ImporterMain(List<String> args, Map<String, String> overrides, boolean terminal) {
        this.overrides = new HashMap<>(overrides);
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--max-leavers")) {
                if (!args.contains("--once")) {
                    throw new IllegalArgumentException("--max-leavers is for one --once run; a daemon reads "
                            + "IMPORTER_MAX_LEAVERS");
                }
                if (i + 1 == args.size() || !args.get(i + 1).matches("\\d{1,7}")) {
                    throw new IllegalArgumentException("--max-leavers needs a number of rows");
                }
                this.overrides.put(Settings.MAX_LEAVERS, args.get(++i));
            } else if (!List.of("--once", "--json", "--dry-run", "--demo").contains(arg)) {
                throw new IllegalArgumentException("Unknown option " + arg);
            }
        }
        this.run = new Run(new Run.Options(args.contains("--once"), args.contains("--demo"), args.contains("--json"),
                terminal), main::completed);
        if (args.contains("--dry-run")) {
            this.overrides.put(Settings.DRY_RUN, "true");
        }
    }

    public static void main(String[] args) {
        if (List.of(args).contains("--help")) {
            System.out.println(USAGE);
            return;
        }
        // Log4j picks its appender by this name when it starts: with any other, every line, this one included, would
        // go nowhere
        String logFormat = System.getenv("IMPORTER_LOG_FORMAT");
        if (logFormat != null && !List.of("text", "json").contains(logFormat)) {
            System.err.println("Configuration: IMPORTER_LOG_FORMAT must be text or json, not '" + logFormat + "'");
            System.exit(Run.COULD_NOT_RUN);
            return;
        }
        // Before the first log line: Log4j reads this once, when it starts
        if (List.of(args).contains("--json")) {
            System.setProperty(LOG_TARGET, "SYSTEM_ERR");
        }
        boolean terminal = System.console() != null;
        ImporterMain importer;
        try {
            importer = new ImporterMain(List.of(args), Map.of(), terminal);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(Run.COULD_NOT_RUN);
            return;
        }
        if (terminal && importer.run.options().once() && !importer.run.options().json()) {
            // The progress lines and the closing report say what the importer's INFO lines would
            Configurator.setLevel(ImporterMain.class.getPackageName(), Level.WARN);
        }
        System.exit(importer.run());
    }

    /** Runs until stopped, or with {@code --once} until the inbox is done, and returns the exit code. */
    public int run() {
        try (Demo simulator = run.options().demo() ? new Demo() : null) {
            if (simulator != null) {
                overrides.putAll(simulator.start());
            }
            overrides.forEach(main::addOverrideProperty);
            main.configure().addConfiguration(ImporterConfiguration.class);
            main.bind("run", run);
            main.bind("clock", clock);
            main.run();
            run.ended(System.out);
            if (simulator != null && !run.options().json()) {
                System.out.println(simulator.explanation());
            }
            return run.exitCode();
        } catch (Exception e) {
            Logger log = LoggerFactory.getLogger(ImporterMain.class);
            Settings.InvalidSettingsException invalid = findCause(e, Settings.InvalidSettingsException.class);
            if (invalid != null) {
                invalid.getMessage().lines().forEach(problem -> log.error("Configuration: {}", problem));
            } else {
                log.error("Could not start: {}", e.getMessage(), e);
            }
            return Run.COULD_NOT_RUN;
        }
    }

    /** Runs with this clock rather than the machine's, for a test to say what day it is. */
    public ImporterMain withClock(Clock testClock) {
        this.clock = testClock;
        return this;
    }

    /** Stops a running importer as SIGTERM would. */
    public void stop() {
        main.completed();
    }

    public CamelContext camelContext() {
        return main.getCamelContext();
    }

    private static <T extends Throwable> T findCause(Throwable error, Class<T> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }
}
