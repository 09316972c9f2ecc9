package io.github.userimporter.imports;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Creates the files and folders the importer writes readable by its own user only: they hold e-mail addresses. On a
 * file system without POSIX permissions they are created as usual. Files a crash must never leave half-written are
 * written aside, forced to disk and renamed into place.
 */
public final class OwnerOnly {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private OwnerOnly() {
    }

    public static Path createDirectories(Path folder) throws IOException {
        return POSIX ? Files.createDirectories(folder, permissions("rwx------")) : Files.createDirectories(folder);
    }

    /** Writes a new file (it must not exist yet), created with the permissions rather than changed after. */
    static Path writeString(Path file, String content) throws IOException {
        if (POSIX) {
            Files.createFile(file, permissions("rw-------"));
        }
        return Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    /** Replaces {@code file} with {@code content} so that a crash leaves either the old file or the whole new one. */
    static void writeDurably(Path file, String content) throws IOException {
        Path part = partOf(file);
        try (FileChannel out = create(part)) {
            Channels.newOutputStream(out).write(content.getBytes(StandardCharsets.UTF_8));
            out.force(true);
        }
        replace(part, file);
    }

    /** Copies {@code source} to {@code target} as {@link #writeDurably} writes. */
    static void copyDurably(Path source, Path target) throws IOException {
        Path part = partOf(target);
        try (FileChannel out = create(part)) {
            OutputStream stream = Channels.newOutputStream(out);
            Files.copy(source, stream);
            stream.flush();
            out.force(true);
        }
        replace(part, target);
    }

    private static Path partOf(Path file) {
        return file.resolveSibling("." + file.getFileName() + ".part");
    }

    private static FileChannel create(Path file) throws IOException {
        Files.deleteIfExists(file);
        Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return POSIX ? FileChannel.open(file, options, permissions("rw-------")) : FileChannel.open(file, options);
    }

    private static void replace(Path part, Path file) throws IOException {
        Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        // The rename itself is durable only once the folder is
        try (FileChannel folder = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            folder.force(true);
        } catch (IOException e) {
            // Some file systems cannot open a folder this way; the rename is then as durable as they make it
        }
    }

    private static FileAttribute<?> permissions(String symbolic) {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(symbolic));
    }
}
