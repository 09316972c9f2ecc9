package io.github.userimporter;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;

import org.apache.camel.spi.PropertiesComponent;

/**
 * Whether the port health, metrics and reports are to be served on is free. Camel's management server, finding it
 * taken, logs a stack trace and the importer runs on without them; two importers on one host, or a leftover process,
 * are the usual cause, and an operator should hear it in one line before anything starts.
 */
final class ManagementPort {

    private ManagementPort() {
    }

    /** @throws Settings.InvalidSettingsException when the port is taken */
    static void checkFree(PropertiesComponent properties) {
        if (!properties.resolveProperty("camel.management.enabled").map(Boolean::parseBoolean).orElse(false)) {
            return;
        }
        String host = properties.resolveProperty("camel.management.host").orElse("0.0.0.0");
        int port = properties.resolveProperty("camel.management.port").map(Integer::parseInt).orElse(0);
        if (port == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (IOException e) {
            throw new Settings.InvalidSettingsException(List.of("IMPORTER_MANAGEMENT_PORT: port " + port + " on "
                    + host + " is in use (another importer, or a process left over?): stop it, or set "
                    + "IMPORTER_MANAGEMENT_PORT to a free port"));
        }
    }
}
