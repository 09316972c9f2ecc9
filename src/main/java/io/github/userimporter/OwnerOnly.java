package io.github.userimporter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Creates the files and folders the importer writes readable by its own user only: they hold e-mail addresses. On a
 * file system without POSIX permissions they are created as usual.
 */
final class OwnerOnly {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private OwnerOnly() {
    }

    static Path createDirectories(Path folder) throws IOException {
        return POSIX ? Files.createDirectories(folder, permissions("rwx------")) : Files.createDirectories(folder);
    }

    /** Writes a new file (it must not exist yet), created with the permissions rather than changed after. */
    static Path writeString(Path file, String content) throws IOException {
        if (POSIX) {
            Files.createFile(file, permissions("rw-------"));
        }
        return Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private static FileAttribute<?> permissions(String symbolic) {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(symbolic));
    }
}
