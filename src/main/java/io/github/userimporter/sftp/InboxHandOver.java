package io.github.userimporter.sftp;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import io.github.userimporter.inbox.InboxFilter;
import io.github.userimporter.ops.ImporterMetrics;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a fetched export to the inbox, where the local pipeline takes it as if it had been dropped there. Never
 * replaces a file the inbox holds: the same bytes mean the fetch was cut short after the copy (the remote file is then
 * only moved on); other bytes under the same name wait on the server until the local file has been imported.
 */
public final class InboxHandOver {

    private static final Logger LOG = LoggerFactory.getLogger(InboxHandOver.class);

    private final SftpSettings sftp;
    private final Path inbox;
    private final boolean doneMarker;
    private final ImporterMetrics metrics;

    /** @param doneMarker whether inbox files wait for a {@code .done} marker, which the hand-over then writes */
    public InboxHandOver(SftpSettings sftp, Path inbox, boolean doneMarker, ImporterMetrics metrics) {
        this.sftp = sftp;
        this.inbox = inbox;
        this.doneMarker = doneMarker;
        this.metrics = metrics;
    }

    /**
     * Whether the inbox needs the fetched file written.
     *
     * @throws InboxOccupiedException when the inbox holds other bytes under the same name
     */
    public boolean needed(Exchange exchange) throws IOException, InvalidPayloadException, InboxOccupiedException {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        Path local = inbox.resolve(name);
        if (!Files.exists(local)) {
            return true;
        }
        try (InputStream remote = new BufferedInputStream(exchange.getMessage().getMandatoryBody(InputStream.class));
             InputStream held = new BufferedInputStream(Files.newInputStream(local))) {
            if (!sameBytes(remote, held)) {
                throw new InboxOccupiedException(name + " on " + sftp.server() + " waits there: the inbox still "
                        + "holds another " + name + " that has not been imported yet");
            }
        }
        LOG.info("{} from {} is already in the inbox with the same bytes (an earlier fetch was cut short): not "
                + "fetched again", name, sftp.server());
        return false;
    }

    /** The file is in the inbox: counted. */
    public void delivered(Exchange exchange) throws IOException {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        long bytes = Files.size(inbox.resolve(name));
        metrics.sftpFetched(bytes);
        LOG.info("Fetched {} ({} bytes) from {}", name, bytes, sftp.server());
    }

    /**
     * Where inbox files wait for a marker, the fetched file gets one, as the sender's marker on the server let it
     * be fetched. Also after a fetch cut short before its marker was written.
     */
    public void mark(Exchange exchange) throws IOException {
        if (doneMarker) {
            InboxFilter.mark(inbox, exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class));
        }
    }

    private static boolean sameBytes(InputStream one, InputStream other) throws IOException {
        int next;
        do {
            next = one.read();
            if (next != other.read()) {
                return false;
            }
        } while (next != -1);
        return true;
    }
}
