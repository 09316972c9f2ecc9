package io.github.userimporter.sftp;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** DOWN while the SFTP server cannot be used, saying why; the local inbox's own check is unaffected. */
public final class SftpHealthCheck extends AbstractHealthCheck {

    private final SftpSettings sftp;
    private final SftpConnection connection;

    public SftpHealthCheck(SftpSettings sftp, SftpConnection connection) {
        super("sftp");
        this.sftp = sftp;
        this.connection = connection;
    }

    @Override
    public boolean isLiveness() {
        // A restart of the importer does not bring the server back
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        String problem = connection.problem();
        builder.detail("server", sftp.server());
        if (problem == null) {
            builder.up();
        } else {
            builder.message(problem).down();
        }
    }
}
