/**
 * The files dropped in the inbox: which may be taken now, and a first pass that rejects what cannot be imported
 * before any row is sent. May use {@code rows} and {@code exchange}.
 */
package io.github.userimporter.inbox;
