package io.github.userimporter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

/** GreenMail's SMTP server on 127.0.0.1, with the importer's login, and the settings that point an importer at it. */
public final class MailServer implements AutoCloseable {

    public static final String LOGIN = "importer@bancly.com";
    public static final String PASSWORD = "smtp-secret-51c2";
    public static final String FROM = "importer@bancly.com";
    public static final String TO = "hr@bancly.com, it-admins@bancly.com";

    public final int port;
    private GreenMail server;

    public MailServer(int port) {
        this.port = port;
    }

    public MailServer start() {
        server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.setUser(LOGIN, LOGIN, PASSWORD);
        server.start();
        return this;
    }

    /** Points the importer at this server, logging in with this password, retrying failed messages quickly. */
    public void configure(ImporterFixture importer, Path folder, String password) throws IOException {
        Path passwordFile = Files.writeString(folder.resolve("smtp-password"), password);
        importer.settings.put("importer.mail.url", "smtp://127.0.0.1:" + port);
        importer.settings.put("importer.mail.user", LOGIN);
        importer.settings.put("importer.mail.password-file", passwordFile.toString());
        importer.settings.put("importer.mail.from", FROM);
        importer.settings.put("importer.mail.to", TO);
        importer.settings.put("importer.mail.retry-interval", "200ms");
    }

    /** The messages received, one for each message (GreenMail keeps a copy per recipient). */
    public List<MimeMessage> messages() throws MessagingException {
        List<MimeMessage> messages = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (MimeMessage message : server == null ? new MimeMessage[0] : server.getReceivedMessages()) {
            if (!ids.contains(message.getMessageID())) {
                ids.add(message.getMessageID());
                messages.add(message);
            }
        }
        return messages;
    }

    /** The message as it travelled, headers and all parts. */
    public static String raw(MimeMessage message) throws IOException, MessagingException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        message.writeTo(bytes);
        return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Every part of the message that is not itself made of parts, depth first. */
    public static List<Part> leaves(Part part) throws IOException, MessagingException {
        List<Part> leaves = new ArrayList<>();
        if (part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                leaves.addAll(leaves(child));
            }
        } else {
            leaves.add(part);
        }
        return leaves;
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop();
        }
    }
}
