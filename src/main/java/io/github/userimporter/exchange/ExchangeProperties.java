package io.github.userimporter.exchange;

/**
 * The exchange properties the routes in {@code routes/} and the beans they call share, each named here once.
 * {@code RouteContractTest} fails on a route that names any other, and on a bean that names one by a string of its own.
 */
public final class ExchangeProperties {

    /** The import of the file being read: an {@code imports.Import}, seen by lower packages through its interfaces. */
    public static final String IMPORT = "import";
    /** What the first pass found in the file: an {@code inbox.Inspection}. */
    public static final String INSPECTION = "inspection";
    /** Where the input file goes once its results are written, relative to the inbox. */
    public static final String ARCHIVE_PATH = "archivePath";
    /** The row being sent: a {@code rows.Row}. */
    public static final String ROW = "row";
    /** The outcome of creating the row's user, while it joins its groups: a {@code rows.Outcome}. */
    public static final String CREATED = "created";
    /** The group the row's user is joining: a {@code rows.Group}. */
    public static final String GROUP = "group";
    /** The groups the row's user joins, in order: a list of {@code rows.Group}. */
    public static final String GROUPS_TO_JOIN = "groupsToJoin";
    /** The first group the row's user could not join: a {@code rows.Outcome}. */
    public static final String GROUP_FAILURE = "groupFailure";
    /** A leaver's offboarding as it goes: a {@code site.Leaver}. */
    public static final String LEAVER = "leaver";
    /** The members of a roster's managed groups, as they are read: a {@code roster.Members}. */
    public static final String MEMBERS = "members";
    /** What became of the row, to be written: a {@code rows.Outcome}. */
    public static final String OUTCOME = "outcome";
    /** The HTTP method of the request to the site being sent. */
    public static final String SITE_METHOD = "siteMethod";
    /** The path of the request to the site, such as {@code /rest/api/2/user}. */
    public static final String SITE_PATH = "sitePath";
    /** The query string of the request to the site, if any. */
    public static final String SITE_QUERY = "siteQuery";
    /** How many times the row has been tried again. */
    public static final String RETRIES = "retries";

    private ExchangeProperties() {
    }
}
