package io.github.userimporter.site;

/**
 * The site cannot take any row right now (wrong credentials, missing permission, wrong URL, unreachable), so the
 * whole file is put back rather than failing every row.
 */
public class SiteUnavailableException extends RuntimeException {

    public SiteUnavailableException(String message) {
        super(message);
    }
}
