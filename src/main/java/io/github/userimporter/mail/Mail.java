package io.github.userimporter.mail;

import java.nio.file.Path;
import java.util.List;

/**
 * One message: a subject that names no row's address, an HTML body mail clients show as it is, its plain-text
 * alternative, and files attached.
 */
public record Mail(String subject, String html, String text, List<Path> attachments) {
}
