package io.github.userimporter.ops;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * A check of whether the importer can do its job now: part of readiness, never of liveness, because a restart does
 * not fix what it reports (a refused token, a full outbox, an SFTP server that is down).
 */
public abstract class ReadinessCheck extends AbstractHealthCheck {

    protected ReadinessCheck(String id) {
        super(id);
    }

    @Override
    public final boolean isLiveness() {
        return false;
    }

    /** UP, or DOWN saying why. */
    protected static void upUnless(HealthCheckResultBuilder builder, String problem) {
        if (problem == null) {
            builder.up();
        } else {
            builder.message(problem).down();
        }
    }
}
