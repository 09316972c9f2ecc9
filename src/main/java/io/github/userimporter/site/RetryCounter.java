package io.github.userimporter.site;

/** Counts, for one file's summary, the requests sent again and the answers that asked us to slow down. */
public interface RetryCounter {

    void retried();

    void rateLimited();
}
