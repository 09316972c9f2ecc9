/**
 * Roster sync: a file that lists everyone who should be in the managed groups, the groups' members as the site has
 * them, and the plan of changes that makes the site follow the file. May use {@code site}, {@code inbox}, {@code rows}
 * and {@code exchange}.
 */
package io.github.userimporter.roster;
