package io.github.userimporter;

import java.io.File;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;

/**
 * Decides which inbox files may be taken now. A file whose import was stopped waits before it is tried again, so a
 * site that is down is not hammered; in a {@code --once} run no file is tried twice.
 */
public final class InboxFilter implements GenericFileFilter<File> {

    private final Run run;
    private final Set<String> tried = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> heldUntil = new ConcurrentHashMap<>();

    public InboxFilter(Run run) {
        this.run = run;
    }

    @Override
    public boolean accept(GenericFile<File> file) {
        String path = file.getAbsoluteFilePath();
        if (run.isOnce()) {
            return tried.add(path);
        }
        Long until = heldUntil.get(path);
        if (until != null && System.nanoTime() < until) {
            return false;
        }
        heldUntil.remove(path);
        return true;
    }

    /** Keeps the file out of the next polls for a while. */
    void holdBack(String absolutePath, Duration delay) {
        heldUntil.put(absolutePath, System.nanoTime() + delay.toNanos());
    }
}
