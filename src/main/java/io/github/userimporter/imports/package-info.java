/**
 * The import of one input file from its first row to its archived input: the journal in the state folder that a
 * restart resumes from, the results and the report in the outbox, and the files written owner-only and durably.
 * May use {@code inbox}, {@code roster}, {@code rows}, {@code site}, {@code report}, {@code exchange} and {@code ops}.
 */
package io.github.userimporter.imports;
