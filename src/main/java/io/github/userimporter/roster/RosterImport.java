package io.github.userimporter.roster;

import java.nio.file.Path;
import java.util.Map;

import io.github.userimporter.rows.Reading;

/** What roster sync needs to know of the import of a roster, beyond what validating its rows does. */
public interface RosterImport extends Reading {

    /** Names the import's outputs, the plan among them. */
    String getId();

    /** Where the import's unfinished outputs are kept; a plan kept there is finished after a crash. */
    Path getStaging();

    /** The plan is made: how many lines of each kind it has, for the summary. */
    void planned(Map<String, Long> changes);
}
