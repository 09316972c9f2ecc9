package io.github.userimporter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.userimporter.imports.ImportListener;
import io.github.userimporter.imports.Summary;
import io.github.userimporter.mail.Mail;
import io.github.userimporter.mail.MailQueue;
import io.github.userimporter.ops.ControlCharacterEscaping;
import io.github.userimporter.report.ReportInput;
import io.github.userimporter.report.ReportPage;

/**
 * What HR and the site admins hear by e-mail: each import, with its report, its failed rows, the joins that wait for
 * their start date and its summary attached ({@code IMPORTER_MAIL_WHEN=failures}: only imports with failed rows, or
 * that stopped), and an alert whenever a
 * person must act: the site refused the credentials, a file was rejected (an export over a guard among them), the
 * SFTP server's host key was refused. Subjects name files and counts, never a row's address.
 */
final class ImportMail implements ImportListener {

    private final MailQueue queue;
    private final RunReport text;
    private final Path outbox;
    /** The reason each file last stopped for, by name: a file stopped again for the same reason is not told again. */
    private final Map<String, String> stopped = new ConcurrentHashMap<>();

    ImportMail(MailQueue queue, Path inbox, Path outbox) {
        this.queue = queue;
        this.text = new RunReport(inbox, outbox);
        this.outbox = outbox;
    }

    MailQueue queue() {
        return queue;
    }

    @Override
    public void imported(Summary summary, ReportInput report) {
        stopped.remove(summary.file());
        if (!queue.wantsEveryImport() && summary.failed() == 0) {
            return;
        }
        List<Path> attachments = new ArrayList<>(List.of(outbox.resolve(summary.importId() + ".report.html")));
        if (summary.failed() > 0) {
            attachments.add(outbox.resolve(summary.failedFile()));
        }
        // Who starts when: HR checks the dates before the accounts are made
        if (summary.scheduledFile() != null) {
            attachments.add(outbox.resolve(summary.scheduledFile()));
        }
        attachments.add(outbox.resolve(summary.importId() + ".summary.json"));
        queue.send(new Mail(subject(summary), ReportPage.renderMail(report),
                text.text(FileResult.imported(summary)), attachments.stream().filter(Files::exists).toList()));
    }

    @Override
    public void skipped(Summary summary) {
        // Nothing was sent: the earlier import's message said it all
    }

    @Override
    public void rejected(String fileName, String reason) {
        stopped.remove(fileName);
        alert(name(fileName) + " was rejected: nothing was sent", text.text(FileResult.rejected(fileName, reason)));
    }

    @Override
    public void stopped(String fileName, String reason) {
        // A daemon tries a stopped file again and again: one message for the event, not one for each try
        if (reason.equals(stopped.put(fileName, reason))) {
            return;
        }
        alert(name(fileName) + " stopped: it stays in the inbox", text.text(FileResult.stopped(fileName, reason)));
    }

    /** A person must act: one message for the event, whatever {@code IMPORTER_MAIL_WHEN} says. */
    void alert(String subject, String body) {
        String escaped = body.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        queue.send(new Mail(subject, "<!DOCTYPE html><html><body style=\"font-family:Arial,Helvetica,sans-serif;"
                + "font-size:14px;color:#172b4d\"><h2 style=\"font-size:18px\">" + subject.replace("&", "&amp;")
                .replace("<", "&lt;") + "</h2><pre style=\"font-size:13px;white-space:pre-wrap\">" + escaped
                + "</pre></body></html>", body, List.of()));
    }

    /** {@code hires.csv: 40 created, 1 access restored, 2 failed}: counts, never an address. */
    static String subject(Summary summary) {
        return name(summary.file()) + (summary.dryRun() ? " (dry run)" : "") + ": "
                + RunReport.counts(summary, "created");
    }

    /** A file's name as a subject shows it: one line, no control characters. */
    private static String name(String fileName) {
        return ControlCharacterEscaping.escape(fileName);
    }
}
