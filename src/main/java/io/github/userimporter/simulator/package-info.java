/**
 * A stand-in for Jira Cloud on loopback, modelled on Atlassian's documentation, for the demo, the tests and the
 * benchmarks. Depends on no other package of the importer.
 */
package io.github.userimporter.simulator;
