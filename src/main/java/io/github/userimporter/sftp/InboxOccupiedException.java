package io.github.userimporter.sftp;

/** The inbox holds another file of a fetched export's name; the export stays on the server for a later poll. */
public final class InboxOccupiedException extends Exception {

    public InboxOccupiedException(String message) {
        super(message);
    }
}
