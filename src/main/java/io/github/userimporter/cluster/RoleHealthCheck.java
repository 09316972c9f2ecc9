package io.github.userimporter.cluster;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * UP in either role, saying which: a standby is healthy, ready to take over.
 */
public final class RoleHealthCheck extends AbstractHealthCheck {

    private final Leadership leadership;

    public RoleHealthCheck(Leadership leadership) {
        super("cluster");
        this.leadership = leadership;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.message(leadership.isLeader() ? "leader: this instance takes the files"
                : "standby: another instance takes the files; this one takes over if it stops").up();
    }
}
