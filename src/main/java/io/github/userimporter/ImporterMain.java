package io.github.userimporter;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the importer: a daemon watching the inbox, or with {@code --once} a single pass over it, or with
 * {@code --demo} either of those against the built-in simulator.
 */
public final class ImporterMain {

    static final String USAGE = """
            Usage: java -jar atlassian-user-importer.jar [--once] [--dry-run] [--demo] [--help]
              (no option)  watch the inbox and import every CSV file dropped there, until stopped
              --once       import the files in the inbox, then exit: 0 all rows succeeded,
                           1 some rows failed, 2 could not run (configuration, site unreachable)
              --dry-run    validate and write what would be posted, but send nothing
                           (same as IMPORTER_DRY_RUN=true)
              --demo       run against the built-in Atlassian simulator with a sample file
            Settings come from environment variables; see README.md.""";

    private static final Logger LOG = LoggerFactory.getLogger(ImporterMain.class);

    private final Main main = new Main();
    private final boolean demo;
    private final Run run;
    private final Map<String, String> overrides;

    /**
     * @param args      the command line
     * @param overrides settings that take precedence over {@code application.properties} and the environment
     */
    public ImporterMain(List<String> args, Map<String, String> overrides) {
        for (String arg : args) {
            if (!List.of("--once", "--dry-run", "--demo").contains(arg)) {
                throw new IllegalArgumentException("Unknown option " + arg);
            }
        }
        this.demo = args.contains("--demo");
        this.run = new Run(args.contains("--once"), demo, main::completed);
        this.overrides = new HashMap<>(overrides);
        if (args.contains("--dry-run")) {
            this.overrides.put(Settings.DRY_RUN, "true");
        }
    }

    public static void main(String[] args) {
        if (List.of(args).contains("--help")) {
            System.out.println(USAGE);
            return;
        }
        ImporterMain importer;
        try {
            importer = new ImporterMain(List.of(args), Map.of());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(Run.COULD_NOT_RUN);
            return;
        }
        System.exit(importer.run());
    }

    /** Runs until stopped, or with {@code --once} until the inbox is done, and returns the exit code. */
    public int run() {
        try (Demo simulator = demo ? new Demo() : null) {
            if (simulator != null) {
                overrides.putAll(simulator.start());
            }
            overrides.forEach(main::addOverrideProperty);
            main.configure().addConfiguration(ImporterConfiguration.class);
            main.bind("run", run);
            main.run();
            return run.exitCode();
        } catch (Exception e) {
            Settings.InvalidSettingsException invalid = findCause(e, Settings.InvalidSettingsException.class);
            if (invalid != null) {
                invalid.getMessage().lines().forEach(problem -> LOG.error("Configuration: {}", problem));
            } else {
                LOG.error("Could not start: {}", e.getMessage(), e);
            }
            return Run.COULD_NOT_RUN;
        }
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
