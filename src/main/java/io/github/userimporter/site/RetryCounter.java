package io.github.userimporter.site;

import io.github.userimporter.rows.Reading;

/** Counts, for one file's summary, the requests sent again and the answers that asked us to slow down. */
public interface RetryCounter {

    /** The exchange property that carries the counter of the file a row belongs to. */
    String PROPERTY = Reading.PROPERTY;

    void retried();

    void rateLimited();
}
