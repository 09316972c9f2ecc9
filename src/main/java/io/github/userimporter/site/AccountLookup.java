package io.github.userimporter.site;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.userimporter.rows.Row;
import org.apache.camel.ExchangeProperty;

import static io.github.userimporter.exchange.ExchangeProperties.ROW;

/**
 * Finds a row's account by its address ({@code GET /rest/api/3/user/search}). The search matches prefixes of display
 * names and addresses, of active users only, so only the exact address (any case) of an Atlassian account counts: not
 * an app's, not a service-desk customer's.
 */
public final class AccountLookup {

    /** The query of the search for the row's account. */
    public String query(@ExchangeProperty(ROW) Row row) {
        return "query=" + URLEncoder.encode(row.emailAddress(), StandardCharsets.UTF_8) + "&maxResults=50";
    }

    /** The IDs of the accounts in the search's answer that have exactly this address. */
    static List<String> accountsOf(String emailAddress, JsonNode users) {
        List<String> accounts = new ArrayList<>();
        for (JsonNode user : users) {
            if (emailAddress.equalsIgnoreCase(user.path("emailAddress").asText())
                    && "atlassian".equals(user.path("accountType").asText())) {
                accounts.add(user.path("accountId").asText());
            }
        }
        return accounts;
    }
}
