/**
 * A row of an input file: read from a CSV record, validated before anything is sent, and what became of it, as
 * written to the output files. Depends on no other package of the importer.
 */
package io.github.userimporter.rows;
