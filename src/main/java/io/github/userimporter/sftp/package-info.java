/**
 * The HR export over SFTP: fetches new files from a remote folder into the inbox, and uploads each import's results
 * back. Uses the inbox's conventions and reports to {@code ops}; nothing else of the importer.
 */
package io.github.userimporter.sftp;
