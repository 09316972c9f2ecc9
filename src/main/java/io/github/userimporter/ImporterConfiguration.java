package io.github.userimporter;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

/**
 * Checks the settings and binds the beans the route refers to by name. Runs before any route starts, so bad settings
 * stop the importer before it takes a file.
 */
public class ImporterConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = Settings.load(context.getPropertiesComponent());
        Registry registry = context.getRegistry();
        Run run = registry.lookupByNameAndType("run", Run.class);
        InboxFilter inboxFilter = new InboxFilter(run, settings.inbox(), settings.doneMarker());
        registry.bind("settings", settings);
        registry.bind("inboxFilter", inboxFilter);
        registry.bind("rowReader", new RowReader());
        registry.bind("inspector", new FileInspector());
        registry.bind("rowValidator", new RowValidator(settings.defaultProducts(), settings.allowedProducts()));
        registry.bind("outcomes", new OutcomeClassifier(settings.siteUrl()));
        registry.bind("importer", new Importer(settings, run, inboxFilter));
        if (run.isDemo()) {
            Demo.placeSample(settings.inbox());
        }
    }
}
