/**
 * The importer as a program: its command line, its settings, the beans the routes call by name, and what a run
 * comes to (its exit code). It may use every package below it.
 */
package io.github.userimporter;
