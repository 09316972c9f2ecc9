/**
 * What an operator sees of the running importer: its health, its Prometheus metrics, and log lines with e-mail
 * addresses masked. Depends on no other package of the importer; the others report to it.
 */
package io.github.userimporter.ops;
