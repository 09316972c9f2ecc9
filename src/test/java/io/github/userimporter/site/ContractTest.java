package io.github.userimporter.site;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import io.github.userimporter.ImporterTestSupport;
import io.github.userimporter.Run;
import io.github.userimporter.simulator.AtlassianSimulator.Interaction;
import com.atlassian.oai.validator.whitelist.ValidationErrorsWhitelist;
import org.junit.jupiter.api.Test;

import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.allOf;
import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.messageHasKey;
import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.responseStatusIs;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The importer's requests and the simulator's answers, held against Atlassian's OpenAPI description of the operations
 * they are ({@code src/test/resources/openapi/}), with Atlassian's own validator: an import that creates users, adds
 * them to groups (one already a member) and gives a returning employee access back, one that offboards a leaver, and a roster.
 */
class ContractTest extends ImporterTestSupport {

    /**
     * The excerpt describes the 400s of creating a user and of adding one to a group without a body, but Atlassian
     * answers them with its {@code ErrorCollection} (the "already exists but does not have access" and "already a
     * member" messages the importer reads are in it), as its reference pages and the knowledge-base's sample show.
     */
    private static final OpenApiInteractionValidator ATLASSIAN = OpenApiInteractionValidator
            .createForSpecificationUrl(Path.of("src/test/resources/openapi/jira-openapi-users-groups.json").toUri()
                    .toString())
            .withWhitelist(ValidationErrorsWhitelist.create().withRule("error bodies of 400s",
                    allOf(messageHasKey("validation.response.body.unexpected"), responseStatusIs(400))))
            .build();

    @Test
    void everyRequestAndAnswerOfAnImportIsAsAtlassianDescribesThem() throws Exception {
        importer.simulator.group("engineering").userWithoutAccess("ana@bancly.com")
                .existingUser("ben@bancly.com", "engineering");
        importer.drop("hires.csv", """
                emailAddress,products,groups
                ana@bancly.com,jira-software,engineering
                ben@bancly.com,jira-software,engineering
                cleo@bancly.com,jira-software;jira-servicedesk,engineering
                not-an-address,jira-software,
                """);

        assertThat(importer.runOnce()).isEqualTo(Run.ROWS_FAILED);

        List<Interaction> interactions = importer.simulator.interactions();
        Set<String> operations = interactions.stream().map(interaction -> interaction.method() + " "
                + interaction.path() + " " + interaction.status()).collect(Collectors.toSet());
        assertThat(operations).contains("GET /rest/api/2/myself 200", "GET /rest/api/3/group/bulk 200",
                "POST /rest/api/2/user 201", "POST /rest/api/2/user 400", "GET /rest/api/3/user/search 200",
                "GET /rest/api/3/applicationrole 200", "POST /rest/api/3/group/user 201",
                "POST /rest/api/3/group/user 400");
        assertThat(problems(interactions)).isEmpty();
    }

    @Test
    void aLeaversLookupsRemovalsAndDeletionAreAsAtlassianDescribesThem() throws Exception {
        importer.settings.put("importer.leaver-action", "delete");
        importer.simulator.existingUser("ana@bancly.com", "engineering", "jira-software-users");
        importer.drop("leavers.csv", "emailAddress,action\nana@bancly.com,leave\ngone@bancly.com,leave\n");

        assertThat(importer.runOnce()).isEqualTo(Run.ALL_SUCCEEDED);

        List<Interaction> interactions = importer.simulator.interactions();
        assertThat(interactions).extracting(interaction -> interaction.method() + " " + interaction.path() + " "
                + interaction.status()).contains("GET /rest/api/3/user/search 200", "GET /rest/api/3/user/groups 200",
                "DELETE /rest/api/3/group/user 200", "DELETE /rest/api/3/user 204");
        assertThat(problems(interactions)).isEmpty();
    }

    @Test
    void aRostersMemberPagesAndGroupChangesAreAsAtlassianDescribesThem() throws Exception {
        importer.settings.put("importer.managed-groups", "engineering;sales");
        importer.simulator.group("sales").appAccount("Automation for Jira", "engineering");
        for (int i = 1; i <= 60; i++) {
            importer.simulator.existingUser("dev" + i + "@bancly.com", "engineering");
        }
        importer.simulator.hiddenAddress("dev60@bancly.com").deactivated("dev59@bancly.com");
        StringBuilder roster = new StringBuilder("emailAddress,products,groups\n");
        for (int i = 1; i <= 59; i++) {
            roster.append("dev").append(i).append("@bancly.com,jira-software,").append(i == 1 ? "sales" : "engineering")
                    .append('\n');
        }
        importer.drop("team.roster.csv", roster.toString());

        assertThat(importer.runOnce()).isEqualTo(Run.ALL_SUCCEEDED);

        List<Interaction> interactions = importer.simulator.interactions();
        assertThat(interactions).extracting(interaction -> interaction.method() + " " + interaction.path() + " "
                + interaction.status()).contains("GET /rest/api/3/group/member 200", "POST /rest/api/3/group/user 201",
                "DELETE /rest/api/3/group/user 200");
        assertThat(problems(interactions)).isEmpty();
    }

    /** What the validator finds wrong with each request or answer. */
    private static List<String> problems(List<Interaction> interactions) {
        List<String> problems = new ArrayList<>();
        for (Interaction interaction : interactions) {
            ValidationReport report = ATLASSIAN.validate(request(interaction), SimpleResponse.Builder
                    .status(interaction.status()).withContentType(interaction.responseContentType())
                    .withBody(interaction.responseBody()).build());
            report.getMessages().stream().filter(message -> message.getLevel() == ValidationReport.Level.ERROR)
                    .forEach(message -> problems.add(interaction.method() + " " + interaction.path() + " "
                            + interaction.status() + ": " + message.getKey() + ": " + message.getMessage()));
        }
        return problems;
    }

    /** The request as the description names it: the v2 paths take and return what v3's do. */
    private static Request request(Interaction interaction) {
        SimpleRequest.Builder request = new SimpleRequest.Builder(interaction.method(),
                interaction.path().replaceFirst("^/rest/api/2/", "/rest/api/3/"))
                .withHeader("Authorization", interaction.requestHeaders().get("Authorization"));
        if (!interaction.requestBody().isEmpty()) {
            request.withContentType(interaction.requestHeaders().get("Content-Type")).withBody(interaction.requestBody());
        }
        if (interaction.query() != null && !interaction.query().isEmpty()) {
            for (String pair : interaction.query().split("&")) {
                String[] nameAndValue = pair.split("=", 2);
                request.withQueryParam(nameAndValue[0], nameAndValue.length == 2
                        ? URLDecoder.decode(nameAndValue[1], StandardCharsets.UTF_8) : "");
            }
        }
        return request.build();
    }
}
