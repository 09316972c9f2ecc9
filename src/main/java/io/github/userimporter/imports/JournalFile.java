package io.github.userimporter.imports;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One of an import's journal files, appended to by the rows as they finish. A row counts as done only once its
 * record is on disk, but rows that finish together share one forced write (group commit): the first to force takes
 * every record appended so far with it, and the others wait for that instead of forcing one by one.
 */
final class JournalFile implements Closeable {

    private final Path file;
    private final FileChannel channel;
    /** Bytes appended, and bytes known to be on disk. */
    private long appended;
    private long durable;
    private boolean forcing;
    /** Rows inside {@link #append}; closing waits for them. */
    private int appending;
    private boolean closed;

    JournalFile(Path file) throws IOException {
        this.file = file;
        this.channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /** Appends one record and returns once it is on disk. */
    void append(byte[] record) throws IOException {
        long mine;
        synchronized (this) {
            if (closed) {
                appendAlone(record);
                return;
            }
            write(channel, record);
            appended += record.length;
            mine = appended;
            appending++;
        }
        try {
            awaitDurable(mine);
        } finally {
            synchronized (this) {
                appending--;
                notifyAll();
            }
        }
    }

    private void awaitDurable(long mine) throws IOException {
        while (true) {
            long target;
            synchronized (this) {
                if (durable >= mine) {
                    return;
                }
                if (forcing) {
                    await();
                    continue;
                }
                forcing = true;
                target = appended;
            }
            // Outside the lock, so that the rows finishing meanwhile append and join the next force
            boolean forced = false;
            try {
                channel.force(false);
                forced = true;
            } finally {
                synchronized (this) {
                    forcing = false;
                    if (forced) {
                        durable = Math.max(durable, target);
                    }
                    notifyAll();
                }
            }
        }
    }

    /**
     * A row that finishes after its import ended (Camel's split lets the rows in flight run on while the context
     * shuts down) is still written, on its own.
     */
    private void appendAlone(byte[] record) throws IOException {
        try (FileChannel late = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            write(late, record);
            late.force(false);
        }
    }

    private static void write(FileChannel target, byte[] record) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(record);
        while (buffer.hasRemaining()) {
            target.write(buffer);
        }
    }

    private void await() throws InterruptedIOException {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the journal was forced to disk");
        }
    }

    /** Closes the file once the rows being appended are on disk. */
    @Override
    public synchronized void close() throws IOException {
        closed = true;
        while (appending > 0) {
            await();
        }
        channel.close();
    }
}
