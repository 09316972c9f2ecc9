package io.github.userimporter.mail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.activation.DataHandler;
import jakarta.activation.FileDataSource;
import org.apache.camel.Exchange;
import org.apache.camel.attachment.AttachmentMessage;
import org.apache.commons.io.file.PathUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The messages waiting to be sent, kept in the state folder ({@code mail/queue/}, a folder a message: its text and
 * copies of its attachments), so that a message survives a restart and an import never waits for mail. The sending
 * route takes the messages that are due; one that fails waits longer each time, and is given up, with one log line,
 * after {@code IMPORTER_MAIL_GIVE_UP}, into {@code mail/given-up/}.
 */
public final class MailQueue {

    /** The sending route's header that carries the plain-text part: camel-mail's alternative body. */
    static final String ALTERNATIVE = "CamelMailAlternativeBody";

    private static final Logger LOG = LoggerFactory.getLogger(MailQueue.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MESSAGE = "message.json";

    private final MailSettings settings;
    private final Path queue;
    private final Path givenUp;
    private final AtomicLong sequence = new AtomicLong();
    private volatile String lastError;

    /** @param settings where mail goes; {@code null} when none is sent */
    public MailQueue(MailSettings settings, Path state) {
        this.settings = settings;
        this.queue = state.resolve("mail").resolve("queue");
        this.givenUp = state.resolve("mail").resolve("given-up");
    }

    /** Whether a message about an import that went well is wanted too, not only about failures. */
    public boolean wantsEveryImport() {
        return settings != null && !settings.onlyFailures();
    }

    /**
     * Keeps a message to send: written aside and renamed into the queue whole. Never fails the caller: a message that
     * cannot be kept is logged, and the import's results are in the outbox whatever happens to mail.
     */
    public void send(Mail mail) {
        if (settings == null) {
            return;
        }
        String id = Instant.now().toEpochMilli() + "-" + sequence.incrementAndGet();
        Path partial = queue.resolve("." + id);
        try {
            Files.createDirectories(partial);
            ObjectNode message = JSON.createObjectNode().put("subject", mail.subject()).put("html", mail.html())
                    .put("text", mail.text()).put("queuedAt", Instant.now().toString()).put("attempts", 0)
                    .put("nextAttemptAt", Instant.now().toString());
            ArrayNode attachments = message.putArray("attachments");
            for (Path file : mail.attachments()) {
                Files.copy(file, partial.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                attachments.add(file.getFileName().toString());
            }
            Files.writeString(partial.resolve(MESSAGE), message.toString());
            Files.move(partial, queue.resolve(id), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            LOG.error("Mail \"{}\" could not be kept to send ({}); the results are in the outbox", mail.subject(),
                    e.getMessage());
        }
    }

    /** The messages due to be tried now, oldest first. */
    public List<Path> due() throws IOException {
        if (settings == null || !Files.isDirectory(queue)) {
            return List.of();
        }
        Instant now = Instant.now();
        List<Path> due = new ArrayList<>();
        try (Stream<Path> messages = Files.list(queue)) {
            for (Path message : messages.filter(folder -> !folder.getFileName().toString().startsWith("."))
                    .sorted(Comparator.comparing(Path::getFileName)).toList()) {
                if (!Instant.parse(read(message).path("nextAttemptAt").asText()).isAfter(now)) {
                    due.add(message);
                }
            }
        }
        return due;
    }

    /**
     * Makes the exchange the message: the HTML body, the plain-text alternative, the attachments, and as headers
     * only the subject and the addresses, so that nothing else of the exchange reaches the mail.
     */
    public void prepare(Exchange exchange) throws IOException {
        Path folder = exchange.getMessage().getBody(Path.class);
        ObjectNode message = read(folder);
        exchange.getMessage().getHeaders().clear();
        exchange.getMessage().setHeader("Subject", message.path("subject").asText());
        exchange.getMessage().setHeader("From", settings.from());
        exchange.getMessage().setHeader("To", String.join(", ", settings.to()));
        exchange.getMessage().setHeader(ALTERNATIVE, message.path("text").asText());
        exchange.getMessage().setBody(message.path("html").asText());
        AttachmentMessage attachments = exchange.getMessage(AttachmentMessage.class);
        for (var name : message.path("attachments")) {
            attachments.addAttachment(name.asText(), new DataHandler(new FileDataSource(folder.resolve(name.asText())
                    .toFile())));
        }
        exchange.setProperty(MESSAGE, folder);
    }

    /** The message went through: it leaves the queue. */
    public void sent(Exchange exchange) throws IOException {
        Path folder = exchange.getProperty(MESSAGE, Path.class);
        PathUtils.deleteDirectory(folder);
        LOG.info("Mailed \"{}\" to {}", exchange.getMessage().getHeader("Subject"), settings.to());
        if (queueEmpty()) {
            lastError = null;
        }
    }

    /** The message could not be sent: tried again later, or given up when it has waited too long. */
    public void failed(Exchange exchange) throws IOException {
        Path folder = exchange.getProperty(MESSAGE, Path.class);
        if (folder == null) {
            folder = exchange.getMessage().getBody(Path.class);
        }
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String error = describe(failure);
        ObjectNode message = read(folder);
        int attempts = message.path("attempts").asInt() + 1;
        Instant queuedAt = Instant.parse(message.path("queuedAt").asText());
        if (Instant.now().isAfter(queuedAt.plus(settings.giveUp()))) {
            Files.createDirectories(givenUp);
            Files.move(folder, givenUp.resolve(folder.getFileName()), StandardCopyOption.ATOMIC_MOVE);
            LOG.error("Gave up mailing \"{}\" after {} tries since {} (IMPORTER_MAIL_GIVE_UP): {}; kept in {}",
                    message.path("subject").asText(), attempts, queuedAt, error, givenUp);
            if (queueEmpty()) {
                lastError = null;
            }
            return;
        }
        if (attempts == 1) {
            LOG.warn("Mail \"{}\" could not be sent: {}; tried again later", message.path("subject").asText(), error);
        }
        lastError = error;
        message.put("attempts", attempts).put("nextAttemptAt", Instant.now().plus(settings.waitAfter(attempts))
                .toString()).put("lastError", error);
        Path written = folder.resolve("." + MESSAGE);
        Files.writeString(written, message.toString());
        Files.move(written, folder.resolve(MESSAGE), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Whether a message waits for its first try: a {@code --once} run ends only after it, so that its messages go out
     * with it (or wait in the queue for the next run, if the server is down).
     */
    public boolean hasUntried() {
        if (settings == null || !Files.isDirectory(queue)) {
            return false;
        }
        try (Stream<Path> messages = Files.list(queue)) {
            return messages.filter(folder -> !folder.getFileName().toString().startsWith("."))
                    .anyMatch(folder -> read(folder).path("attempts").asInt() == 0);
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    /** Why mail is not going through, or {@code null} when it is (or none is waiting). */
    public String problem() {
        String error = lastError;
        if (error == null) {
            return null;
        }
        try (Stream<Path> messages = Files.list(queue)) {
            long waiting = messages.filter(folder -> !folder.getFileName().toString().startsWith(".")).count();
            return waiting == 0 ? null : waiting + " message(s) not sent yet: " + error;
        } catch (IOException e) {
            return error;
        }
    }

    private boolean queueEmpty() throws IOException {
        try (Stream<Path> messages = Files.list(queue)) {
            return messages.noneMatch(folder -> !folder.getFileName().toString().startsWith("."));
        }
    }

    private static ObjectNode read(Path folder) {
        try {
            return (ObjectNode) JSON.readTree(folder.resolve(MESSAGE).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The failure in one line, the server's own words kept; the login's password is never in them. */
    private static String describe(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return message.replaceAll("\\s+", " ").strip();
    }
}
