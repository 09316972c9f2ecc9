package io.github.userimporter.roster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.userimporter.exchange.ExchangeProperties;
import io.github.userimporter.inbox.RejectedFileException;
import io.github.userimporter.rows.Group;
import io.github.userimporter.rows.Outcome;
import io.github.userimporter.rows.Row;
import io.github.userimporter.site.Leaver;
import io.github.userimporter.site.Offboarding;
import io.github.userimporter.site.OutcomeClassifier;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static io.github.userimporter.exchange.ExchangeProperties.GROUP_FAILURE;
import static io.github.userimporter.exchange.ExchangeProperties.IMPORT;
import static io.github.userimporter.exchange.ExchangeProperties.LEAVER;
import static io.github.userimporter.exchange.ExchangeProperties.MEMBERS;
import static io.github.userimporter.exchange.ExchangeProperties.ROW;

/**
 * Makes the site follow a roster, a file named {@code *.roster.csv} that lists everyone who should be in the managed
 * groups ({@code IMPORTER_MANAGED_GROUPS}): reads the groups' members, makes the {@link RosterPlan} and writes it
 * before the first change, then hands the route the plan's lines as rows. Guards keep a wrong roster from emptying
 * the groups: removals count against {@code IMPORTER_MAX_LEAVERS}, and no roster may remove more than a quarter of
 * the managed groups' members.
 */
public final class RosterSync {

    private static final Logger LOG = LoggerFactory.getLogger(RosterSync.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PLAN = ".plan.csv";

    private final Set<String> managedGroups;
    private final Offboarding offboarding;
    private final OutcomeClassifier classifier;
    private final Path outbox;
    private final int maxLeavers;
    private final boolean dryRun;
    private final Clock clock;

    /**
     * @param managedGroups the groups a roster is the whole membership of
     * @param outbox        where the plan is published before the first change
     * @param maxLeavers    people a roster may remove from the managed groups
     * @param dryRun        whether the plan is only written: no guard then, as nothing changes
     * @param clock         says what day it is: a join whose start date is ahead waits
     */
    public RosterSync(Set<String> managedGroups, Offboarding offboarding, OutcomeClassifier classifier, Path outbox,
            int maxLeavers, boolean dryRun, Clock clock) {
        this.clock = clock;
        this.managedGroups = managedGroups;
        this.offboarding = offboarding;
        this.classifier = classifier;
        this.outbox = outbox;
        this.maxLeavers = maxLeavers;
        this.dryRun = dryRun;
    }

    /** Whether the import is a roster whose members are still to be read: a plan written before is finished instead. */
    public boolean needsMembers(@ExchangeProperty(IMPORT) RosterImport current) {
        return !Files.exists(planFile(current));
    }

    /** The members read so far: none. */
    public Members members() {
        return new Members();
    }

    /** The groups whose members are read: the managed ones, and the protected ones the site has. */
    public List<Group> groupsToRead(@ExchangeProperty(IMPORT) RosterImport current) {
        List<Group> groups = new ArrayList<>();
        for (String name : managedGroups) {
            groups.add(new Group(name, current.groupId(name)));
        }
        for (String name : offboarding.protectedGroups()) {
            if (!managedGroups.contains(name) && current.groupId(name) != null) {
                groups.add(new Group(name, current.groupId(name)));
            }
        }
        return groups;
    }

    /** Reads this group from its first page on. */
    public void startGroup(@Body Group group, @ExchangeProperty(MEMBERS) Members members) {
        members.start(group, managedGroups.contains(group.name()));
    }

    /** The query of the next page of the group being read. */
    public String pageQuery(@ExchangeProperty(MEMBERS) Members members) {
        return members.query();
    }

    /** Takes in one page of members; answers worth another try are raised, and the page asked again. */
    public void pageRead(Exchange exchange) throws IOException {
        int status = classifier.checkedStatus(exchange);
        if (status != 200) {
            throw new IllegalStateException("the site answered " + status + " listing the members of a managed "
                    + "group: " + OutcomeClassifier.atlassianError(exchange));
        }
        exchange.getProperty(MEMBERS, Members.class).read(JSON.readTree(exchange.getMessage().getBody(String.class)));
        // Each page has its own retries
        exchange.removeProperty(ExchangeProperties.RETRIES);
    }

    /**
     * Makes the plan from the roster's rows and the members read, checks it against the guards, writes it, and
     * returns the rows its lines stand for that are still to be done. A roster resumed after a crash finishes the plan
     * it wrote.
     *
     * @throws RejectedFileException when a guard refuses the roster: nothing was changed
     */
    public Iterator<Row> plan(@Body Iterator<Row> rows, @ExchangeProperty(IMPORT) RosterImport current,
            @ExchangeProperty(MEMBERS) Members members) throws IOException {
        List<Row> roster = new ArrayList<>();
        rows.forEachRemaining(roster::add);
        Path saved = planFile(current);
        RosterPlan plan;
        if (Files.exists(saved)) {
            plan = RosterPlan.read(saved, roster, current::groupId);
        } else {
            plan = RosterPlan.make(roster, members, offboarding::whyProtected, LocalDate.now(clock));
            // Published first, so that a roster a guard refuses shows whom it would have removed
            plan.write(outbox.resolve(current.getId() + PLAN));
            LOG.info("Roster {}: plan {}", current.getId(), plan.counts());
            if (!dryRun) {
                guard(plan, members);
            }
            plan.write(saved);
        }
        current.planned(plan.counts());
        return plan.rows().stream().filter(row -> !current.isRecorded(row.line())).iterator();
    }

    /** A roster line that changes groups: the account, as the requests that add it to groups read it. */
    public Outcome member(@ExchangeProperty(ROW) Row row) {
        return Outcome.changed(row, "");
    }

    /** A roster line that leaves groups, as a leaver whose account and groups are known. */
    public Leaver leaving(@ExchangeProperty(ROW) Row row) {
        return offboarding.leaving(row);
    }

    /** What became of a line that changes groups: done, or the first step that failed. */
    public Outcome changed(@ExchangeProperty(ROW) Row row, @ExchangeProperty(GROUP_FAILURE) Outcome notAdded,
            @ExchangeProperty(LEAVER) Leaver leaver) {
        if (notAdded != null) {
            return notAdded;
        }
        if (leaver != null && !leaver.outcome().succeeded()) {
            return leaver.outcome();
        }
        return Outcome.changed(row, row.change().describe("added to", "removed from"));
    }

    private void guard(RosterPlan plan, Members members) {
        long removals = plan.removals();
        if (removals > maxLeavers) {
            throw new RejectedFileException("the roster would remove " + removals + " people from the managed groups, "
                    + "more than IMPORTER_MAX_LEAVERS (" + maxLeavers + ") allows; nothing was changed. If it is "
                    + "right, run it once with --once --max-leavers " + removals + "; the plan is in the outbox");
        }
        if (removals * 4 > members.count()) {
            throw new RejectedFileException("the roster would remove " + removals + " of the " + members.count()
                    + " members of the managed groups, more than a quarter; nothing was changed. Check that it is "
                    + "the whole roster; the plan is in the outbox");
        }
    }

    private static Path planFile(RosterImport current) {
        return current.getStaging().resolve(current.getId() + PLAN);
    }

}
