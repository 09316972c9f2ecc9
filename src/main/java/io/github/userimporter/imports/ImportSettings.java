package io.github.userimporter.imports;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What the {@link Importer} is told of its configuration.
 *
 * @param inbox             the watched folder
 * @param outbox            the results folder
 * @param state             where unfinished imports are journalled and finished ones remembered
 * @param dryRun            validate and write what would change, sending only lookups
 * @param reimport          import a file again even though the same bytes were imported before
 * @param once              whether the run ends once the inbox is done ({@code --once}); a stopped file then waits
 *                          for the next run instead of being tried again
 * @param progressInterval  how often a long import logs how far it is
 * @param siteRetryInterval how long a stopped file waits before it is tried again
 */
public record ImportSettings(Path inbox, Path outbox, Path state, boolean dryRun, boolean reimport, boolean once,
        Duration progressInterval, Duration siteRetryInterval) {
}
