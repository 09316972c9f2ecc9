/**
 * The page a person opens about one import: what it came to, why rows failed and what to do next, as one
 * self-contained HTML file. Depends on no other package of the importer.
 */
package io.github.userimporter.report;
