package io.github.userimporter.mail;

import java.util.Map;

import io.github.userimporter.ops.ReadinessCheck;
import org.apache.camel.health.HealthCheckResultBuilder;

/** {@code mail}: DOWN while a message could not be sent and waits to be tried again, saying why. */
public final class MailHealthCheck extends ReadinessCheck {

    private final MailQueue queue;

    public MailHealthCheck(MailQueue queue) {
        super("mail");
        this.queue = queue;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        upUnless(builder, queue.problem());
    }
}
