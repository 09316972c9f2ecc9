package io.github.userimporter.sftp;

import java.util.Map;

import io.github.userimporter.ops.ReadinessCheck;
import org.apache.camel.health.HealthCheckResultBuilder;

/** DOWN while the SFTP server cannot be used, saying why; the local inbox's own check is unaffected. */
public final class SftpHealthCheck extends ReadinessCheck {

    private final SftpSettings sftp;
    private final SftpConnection connection;

    public SftpHealthCheck(SftpSettings sftp, SftpConnection connection) {
        super("sftp");
        this.sftp = sftp;
        this.connection = connection;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("server", sftp.server());
        upUnless(builder, connection.problem());
    }
}
