/**
 * Which of several instances on shared folders imports: Camel's cluster service (a file lock in the shared state
 * folder, or ZooKeeper) elects one leader; this instance's role shows in health. Uses {@code ops}.
 */
package io.github.userimporter.cluster;
