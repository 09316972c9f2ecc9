/**
 * The Atlassian site as a client sees it: whether it accepts our credentials, which answers are worth another try,
 * and what each answer means for a row. May use {@code rows}, {@code pacing}, {@code exchange} and {@code ops}.
 */
package io.github.userimporter.site;
