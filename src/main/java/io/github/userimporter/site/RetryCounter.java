package io.github.userimporter.site;

/** Counts, for one file's summary, the requests sent again and the answers that asked us to slow down. */
public interface RetryCounter {

    /** The exchange property that carries the counter of the file a row belongs to. */
    String PROPERTY = "import";

    void retried();

    void rateLimited();
}
