package io.github.userimporter.site;

import java.util.Set;

/** The import whose group names the site is asked to resolve to group IDs. */
public interface GroupLookup {

    /** The group names its file names. */
    Set<String> groupNames();

    /** The site has a group of this name, with this ID. */
    void groupFound(String name, String groupId);

    /** Whether the file is a roster, whose managed and protected groups are looked up too, dry run or not. */
    boolean isRoster();

    /** The site is being asked; from now on a name it did not return is a group it does not have. */
    void lookingUpGroups();
}
