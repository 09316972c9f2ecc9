package io.github.userimporter.cluster;

import java.util.Map;

import io.github.userimporter.ops.ReadinessCheck;
import org.apache.camel.health.HealthCheckResultBuilder;

/** UP in either role, saying which: a standby is healthy, ready to take over. */
public final class RoleHealthCheck extends ReadinessCheck {

    private final Leadership leadership;

    public RoleHealthCheck(Leadership leadership) {
        super("cluster");
        this.leadership = leadership;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.message(leadership.isLeader() ? "leader: this instance takes the files"
                : "standby: another instance takes the files; this one takes over if it stops").up();
    }
}
