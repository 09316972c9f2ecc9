/**
 * How fast the site may be asked, per endpoint and method as Atlassian limits it: the rate its burst limit takes and
 * how many requests may be out at once, both found from its answers. May use {@code exchange} and {@code ops}.
 */
package io.github.userimporter.pacing;
