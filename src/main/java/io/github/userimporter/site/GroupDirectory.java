package io.github.userimporter.site;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

import static io.github.userimporter.exchange.ExchangeProperties.IMPORT;

/**
 * Resolves the group names an import uses to the site's group IDs, once per import, before its first row is sent
 * ({@code GET /rest/api/3/group/bulk}): names can change, IDs cannot, and a row naming a group the site does not have
 * is refused before its user is created.
 */
public final class GroupDirectory {

    /** Names asked at once; the endpoint answers up to 50 groups a page. */
    static final int NAMES_PER_REQUEST = 50;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String siteUrl;
    private final List<String> defaultGroups;
    private final Set<String> rosterGroups;
    private final boolean dryRun;

    /**
     * @param defaultGroups the groups of rows whose groups cell is empty
     * @param rosterGroups  the groups whose members a roster reads: the managed and the protected ones
     * @param dryRun        whether nothing may be sent, lookups included, but for a roster's plan
     */
    public GroupDirectory(String siteUrl, List<String> defaultGroups, Set<String> rosterGroups, boolean dryRun) {
        this.siteUrl = siteUrl;
        this.defaultGroups = defaultGroups;
        this.rosterGroups = rosterGroups;
        this.dryRun = dryRun;
    }

    /** The query string of each lookup request the import needs; none in a dry run, but for a roster's plan. */
    public List<String> queries(@ExchangeProperty(IMPORT) GroupLookup lookup) {
        if (dryRun && !lookup.isRoster()) {
            return List.of();
        }
        Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        names.addAll(lookup.groupNames());
        names.addAll(defaultGroups);
        if (lookup.isRoster()) {
            names.addAll(rosterGroups);
        }
        lookup.lookingUpGroups();
        List<String> all = List.copyOf(names);
        List<String> queries = new ArrayList<>();
        for (int from = 0; from < all.size(); from += NAMES_PER_REQUEST) {
            queries.add("maxResults=" + NAMES_PER_REQUEST + all.subList(from, Math.min(all.size(),
                    from + NAMES_PER_REQUEST)).stream().map(name -> "&groupName=" + URLEncoder.encode(name,
                    StandardCharsets.UTF_8)).collect(Collectors.joining()));
        }
        return queries;
    }

    /** Reads one lookup's answer; an import whose groups cannot be looked up cannot go on. */
    public void found(@ExchangeProperty(IMPORT) GroupLookup lookup,
            @Header(Exchange.HTTP_RESPONSE_CODE) int status, @Header(Exchange.HTTP_RESPONSE_TEXT) String reason,
            @Body String body) throws IOException {
        if (status != 200) {
            String refusal = OutcomeClassifier.refusal(siteUrl, status);
            throw new SiteUnavailableException(refusal != null ? refusal : siteUrl + " answered " + status
                    + " when asked which groups exist: " + OutcomeClassifier.atlassianError(body, status, reason));
        }
        for (JsonNode group : JSON.readTree(body).path("values")) {
            lookup.groupFound(group.path("name").asText(), group.path("groupId").asText());
        }
    }
}
