/**
 * A row of an input file: read from a CSV record, validated before anything is sent, and what became of it, as
 * written to the output files. May use {@code exchange}.
 */
package io.github.userimporter.rows;
