package io.github.userimporter.inbox;

/** The input file as a whole cannot be imported: it is not CSV text, or has no {@code emailAddress} column. */
public class RejectedFileException extends RuntimeException {

    public RejectedFileException(String message) {
        super(message);
    }
}
