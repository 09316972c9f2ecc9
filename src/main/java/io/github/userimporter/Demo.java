package io.github.userimporter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

import io.github.userimporter.simulator.AtlassianSimulator;

/**
 * {@code --demo}: the importer against the built-in simulator, with a sample file, so that a newcomer sees the whole
 * job without a site or a token.
 */
final class Demo implements AutoCloseable {

    static final String SAMPLE = "demo-users.csv";
    /** A user the simulator knows without Jira access, as a returning employee is, so the demo shows a re-hire. */
    static final String USER_WITHOUT_ACCESS = "former.contractor@bancly.com";
    /** A user the simulator knows in two groups, whom the sample marks as leaving. */
    static final String LEAVER = "leaving.engineer@bancly.com";

    private static final String EMAIL = "demo-admin@example.com";
    private static final String TOKEN = "demo-token";

    private final AtlassianSimulator simulator = new AtlassianSimulator(EMAIL, TOKEN)
            .userWithoutAccess(USER_WITHOUT_ACCESS).group("engineering").group("jira-software-users")
            .group("service-desk-agents").existingUser(LEAVER, "engineering", "jira-software-users");

    /** Starts the simulator and returns the settings that point the importer at it. */
    Map<String, String> start() throws IOException {
        String siteUrl = simulator.start(0);
        // The sample is placed whole, so it need not settle before it is read; it is the same sample every time; and
        // a daemon already running on this machine may hold the health port
        return Map.of(Settings.SITE_URL, siteUrl, Settings.EMAIL, EMAIL, Settings.API_TOKEN, TOKEN,
                Settings.SETTLE_TIME, "0", Settings.REIMPORT, "true", "camel.management.port", "0");
    }

    /** The demo's last words: what became of the returning employee and the leaver. */
    String explanation() {
        return "Demo: " + USER_WITHOUT_ACCESS + " had an account in the simulated site without Jira access, as a "
                + "returning employee does. Atlassian answers its create with 400; the importer found the account "
                + "and gave it back the default group of its product (jira-software-users) and its own group. "
                + LEAVER + " was marked leave: removed from both of its groups.";
    }

    static void placeSample(Path inbox) throws IOException {
        Files.createDirectories(inbox);
        try (InputStream sample = Demo.class.getResourceAsStream("/demo/" + SAMPLE)) {
            // Written under a dot-name and renamed, so the consumer never sees half a file
            Path partial = inbox.resolve("." + SAMPLE);
            Files.copy(sample, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, inbox.resolve(SAMPLE), StandardCopyOption.ATOMIC_MOVE);
        }
    }

    @Override
    public void close() {
        simulator.close();
    }
}
