package io.github.userimporter.sftp;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the HR export is fetched from and how the importer logs in. The routes in {@code sftp.camel.yaml} read these
 * as properties ({@link #routeProperties}).
 *
 * @param user           the login name
 * @param host           the server's host name or address
 * @param port           the server's SSH port
 * @param folder         the remote folder: under the login's home, or from the server's root when it starts with
 *                       {@code /} ({@code sftp://user@host//srv/exports}, as in Camel's URIs; a chrooted account's
 *                       home is its {@code /})
 * @param privateKeyFile an OpenSSH private key; null when a password logs in
 * @param password       the password read from its file; null when a key logs in. Never log it
 * @param knownHosts     the known_hosts file the server's host key must be in
 * @param pollInterval   how often the remote folder is listed
 * @param resultsFolder  the remote folder results are uploaded to; null for none
 * @param delete         delete a fetched file instead of moving it to {@code .done/}
 */
public record SftpSettings(String user, String host, int port, String folder, Path privateKeyFile, String password,
        Path knownHosts, Duration pollInterval, String resultsFolder, boolean delete) {

    /** Where fetched remote files go, in the remote folder, unless they are deleted. */
    public static final String DONE_FOLDER = ".done";
    private static final String ENDPOINT = "sftp.";
    /** How often a {@code --once} run looks for results to upload: it waits for them. */
    private static final Duration ONCE_UPLOAD_INTERVAL = Duration.ofMillis(500);

    /**
     * Parses {@code sftp://user@host[:port]/path}.
     *
     * @throws IllegalArgumentException saying what is wrong with the URL
     */
    public static SftpSettings fromUrl(String url, Path privateKeyFile, String password, Path knownHosts,
            Duration pollInterval, String resultsFolder, boolean delete) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not a URL: " + e.getMessage());
        }
        if (!"sftp".equals(uri.getScheme()) || uri.getHost() == null || uri.getUserInfo() == null
                || uri.getUserInfo().contains(":")) {
            throw new IllegalArgumentException("must look like sftp://user@host:22/path/to/exports (and hold no "
                    + "password: use IMPORTER_SFTP_PASSWORD_FILE)");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (path.isEmpty() || path.equals("/")) {
            throw new IllegalArgumentException("names no folder: add the path of the exports, e.g. /exports");
        }
        // As in Camel's own URIs: one slash starts a path under the login's home, two an absolute one
        String folder = path.startsWith("//") ? "/" + path.replaceAll("^/+", "") : path.replaceAll("^/+", "");
        return new SftpSettings(uri.getUserInfo(), uri.getHost(), uri.getPort() == -1 ? 22 : uri.getPort(),
                folder.replaceAll("/+$", ""), privateKeyFile, password, knownHosts, pollInterval,
                resultsFolder == null || resultsFolder.isBlank() ? null : resultsFolder.trim().replaceAll("^/+|/+$", ""),
                delete);
    }

    /** The server as log lines and health name it; never with a secret. */
    public String server() {
        return "sftp://" + user + "@" + host + ":" + port + "/" + folder;
    }

    /**
     * The properties the SFTP routes are built from, named under {@code sftp.}; without SFTP, only that the routes are
     * left out.
     *
     * @param settleTime how long a remote file must stay unchanged before it is fetched
     * @param doneMarker whether a remote {@code x.csv} waits for {@code x.csv.done}
     * @param once       whether the run ends once the inbox is done, and so waits for its results' upload
     */
    public static Map<String, String> routeProperties(SftpSettings sftp, Duration settleTime, boolean doneMarker,
            boolean once) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(ENDPOINT + "enabled", String.valueOf(sftp != null));
        properties.put(ENDPOINT + "upload-results", String.valueOf(sftp != null && sftp.resultsFolder != null));
        if (sftp == null) {
            return properties;
        }
        String server = sftp.host + ":" + sftp.port + "/";
        properties.put(ENDPOINT + "address", server + sftp.folder);
        properties.put(ENDPOINT + "results-address", server + (sftp.resultsFolder == null ? "unused"
                : sftp.resultsFolder));
        properties.put(ENDPOINT + "user", sftp.user);
        // Only the options that apply are set: the route names the others as {{?optional}} placeholders
        if (sftp.privateKeyFile != null) {
            properties.put(ENDPOINT + "private-key", sftp.privateKeyFile.toString());
        } else {
            properties.put(ENDPOINT + "password", sftp.password);
        }
        properties.put(ENDPOINT + "known-hosts", sftp.knownHosts.toString());
        if (sftp.delete) {
            properties.put(ENDPOINT + "delete", "true");
        } else {
            properties.put(ENDPOINT + "move", DONE_FOLDER + "/${file:name}");
        }
        if (doneMarker) {
            properties.put(ENDPOINT + "done-file-name", "${file:name}.done");
        }
        properties.put(ENDPOINT + "poll-millis", String.valueOf(sftp.pollInterval.toMillis()));
        properties.put(ENDPOINT + "upload-millis", String.valueOf((once ? ONCE_UPLOAD_INTERVAL : sftp.pollInterval)
                .toMillis()));
        // Two listings a settle time apart must agree on the file's size and time; a file that keeps changing for
        // three settle times is left for the next poll rather than holding up the others
        long settle = Math.max(settleTime.toMillis(), 500);
        properties.put(ENDPOINT + "settle-millis", String.valueOf(settle));
        properties.put(ENDPOINT + "settle-timeout-millis", String.valueOf(3 * settle + 1000));
        return properties;
    }

    @Override
    public String toString() {
        return "SftpSettings[" + server() + "]";
    }
}
