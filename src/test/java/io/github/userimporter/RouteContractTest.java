package io.github.userimporter;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.github.userimporter.exchange.ExchangeProperties;
import io.github.userimporter.sftp.SftpSettings;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the routes in {@code routes/} name exists: every bean ({@code ref:}, {@code #name}) is bound, every method they
 * call on it is one of its public methods, every exchange property is one of {@link ExchangeProperties}, and every
 * placeholder is one that {@link RouteProperties} publishes. Camel would find out only when a route runs.
 */
class RouteContractTest extends ImporterTestSupport {

    private static final Pattern PROPERTY = Pattern.compile("exchangeProperty\\.([A-Za-z]+)");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\??)([^}:]+)}}");
    /** Keys whose value names a bean in the registry. */
    private static final Set<String> BEAN_KEYS = Set.of("recordConverterRef", "executorService");

    @Test
    void everyBeanMethodPropertyAndPlaceholderTheRoutesNameExists() throws Exception {
        // With SFTP set, its beans are bound too; the server need not answer for that
        importer.settings.put("importer.sftp.url", "sftp://hr@127.0.0.1:" + ImporterFixture.freePort() + "/exports");
        importer.settings.put("importer.sftp.private-key-file", Files.writeString(folder.resolve("key"), "k").toString());
        importer.settings.put("importer.sftp.known-hosts", Files.writeString(folder.resolve("known"), "").toString());
        importer.settings.put("importer.sftp.results", "results");
        var registry = importer.startDaemon().camelContext().getRegistry();

        List<String> problems = problems(Routes.read(Path.of("routes")), registry::lookupByName);

        assertThat(problems).isEmpty();
    }

    @Test
    void aRouteThatNamesWhatDoesNotExistIsCaught() throws Exception {
        Path routes = Files.createDirectories(folder.resolve("routes"));
        Files.writeString(routes.resolve("wrong.camel.yaml"), """
                - route:
                    from:
                      uri: "file:{{route.inbox}}?filter=#noSuchFilter"
                      steps:
                        - bean:
                            ref: outcomeClassifier
                            method: noSuchMethod
                        - bean:
                            ref: noSuchBean
                            method: anything
                        - bean:
                            beanType: io.github.userimporter.rows.Outcome
                            method: getRecord
                        - setProperty:
                            name: rowz
                            simple: "${exchangeProperty.outcome} {{importer.inbox}} {{route.nothing}}"
                """);
        Map<String, Object> beans = Map.of("outcomeClassifier", new io.github.userimporter.site.OutcomeClassifier(
                "http://127.0.0.1", null));

        assertThat(problems(Routes.read(routes), beans::get)).containsExactlyInAnyOrder(
                "wrong.camel.yaml names bean noSuchFilter, which is not bound",
                "wrong.camel.yaml calls outcomeClassifier.noSuchMethod, which OutcomeClassifier has not",
                "wrong.camel.yaml names bean noSuchBean, which is not bound",
                "wrong.camel.yaml calls io.github.userimporter.rows.Outcome.getRecord, which is no static method",
                "wrong.camel.yaml names exchange property rowz, which is not in ExchangeProperties",
                "wrong.camel.yaml reads {{importer.inbox}}, which RouteProperties does not publish",
                "wrong.camel.yaml reads {{route.nothing}}, which RouteProperties does not publish");
    }

    @Test
    void beansNameExchangePropertiesOnlyThroughExchangeProperties() throws IOException {
        Pattern byString = Pattern.compile("(@ExchangeProperty|exchange\\.(get|set|remove)Property)\\(\"");
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            List<String> offenders = sources.filter(file -> file.toString().endsWith(".java")).filter(file -> {
                try {
                    return byString.matcher(Files.readString(file)).find();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).map(Path::toString).toList();
            assertThat(offenders).isEmpty();
        }
    }

    private static List<String> problems(List<Routes> files, Function<String, Object> registry) {
        Set<String> properties = constants(ExchangeProperties.class);
        Set<String> published = publishable();
        List<String> problems = new ArrayList<>();
        for (Routes file : files) {
            for (String[] call : file.calls) {
                Object bean = registry.apply(call[0]);
                if (bean == null) {
                    problems.add(file.name + " names bean " + call[0] + ", which is not bound");
                } else if (call[1] != null && Arrays.stream(bean.getClass().getMethods())
                        .map(Method::getName).noneMatch(call[1]::equals)) {
                    problems.add(file.name + " calls " + call[0] + "." + call[1] + ", which "
                            + bean.getClass().getSimpleName() + " has not");
                }
            }
            for (String[] call : file.staticCalls) {
                try {
                    if (Arrays.stream(Class.forName(call[0]).getMethods()).noneMatch(method -> method.getName()
                            .equals(call[1]) && Modifier.isStatic(method.getModifiers()))) {
                        problems.add(file.name + " calls " + call[0] + "." + call[1] + ", which is no static method");
                    }
                } catch (ClassNotFoundException e) {
                    problems.add(file.name + " names class " + call[0] + ", which does not exist");
                }
            }
            file.properties.stream().filter(name -> !name.startsWith("Camel") && !properties.contains(name))
                    .forEach(name -> problems.add(file.name + " names exchange property " + name
                            + ", which is not in ExchangeProperties"));
            file.placeholders.stream().filter(key -> !published.contains(key)).forEach(key -> problems.add(
                    file.name + " reads {{" + key + "}}, which RouteProperties does not publish"));
        }
        return problems;
    }

    /** Every key {@link RouteProperties} publishes in some configuration: SFTP with a key or a password. */
    private static Set<String> publishable() {
        Set<String> keys = new HashSet<>(List.of("route.leaver-action", "route.site-retry-millis", "route.inbox",
                "route.outbox", "route.dry-run", "route.mail.enabled", "route.mail.uri", "route.mail.poll-millis", "route.settle-millis", "route.consumer-prefix"));
        SftpSettings withKey = SftpSettings.fromUrl("sftp://u@h/exports", Path.of("key"), null, Path.of("known"),
                Duration.ofSeconds(1), "results", false);
        SftpSettings withPassword = SftpSettings.fromUrl("sftp://u@h/exports", null, "p", Path.of("known"),
                Duration.ofSeconds(1), null, true);
        for (SftpSettings sftp : List.of(withKey, withPassword)) {
            SftpSettings.routeProperties(sftp, Duration.ZERO, true, false).keySet()
                    .forEach(key -> keys.add(RouteProperties.PREFIX + key));
        }
        return keys;
    }

    private static Set<String> constants(Class<?> type) {
        Set<String> values = new TreeSet<>();
        for (Field field : type.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                try {
                    values.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return values;
    }

    /** What one route file names: bean calls (bean, method or null), exchange properties and placeholders. */
    private static final class Routes {

        final String name;
        final List<String[]> calls = new ArrayList<>();
        /** Static methods called by class name: the class, the method. */
        final List<String[]> staticCalls = new ArrayList<>();
        final Set<String> properties = new TreeSet<>();
        final Set<String> placeholders = new TreeSet<>();

        private Routes(String name) {
            this.name = name;
        }

        static List<Routes> read(Path folder) throws IOException {
            List<Routes> files = new ArrayList<>();
            try (Stream<Path> paths = Files.list(folder)) {
                for (Path path : paths.filter(file -> file.toString().endsWith(".camel.yaml")).sorted().toList()) {
                    Routes routes = new Routes(path.getFileName().toString());
                    new Load(LoadSettings.builder().build()).loadAllFromString(Files.readString(path))
                            .forEach(routes::walk);
                    files.add(routes);
                }
            }
            return files;
        }

        private void walk(Object node) {
            if (node instanceof Map<?, ?> map) {
                if (map.get("ref") instanceof String ref) {
                    calls.add(new String[] {ref, map.get("method") instanceof String method ? method : null});
                }
                if (map.get("beanType") instanceof String type) {
                    staticCalls.add(new String[] {type, String.valueOf(map.get("method"))});
                }
                for (var entry : map.entrySet()) {
                    if (BEAN_KEYS.contains(String.valueOf(entry.getKey())) && entry.getValue() instanceof String bean) {
                        calls.add(new String[] {bean, null});
                    }
                    if (List.of("setProperty", "removeProperty").contains(String.valueOf(entry.getKey()))
                            && entry.getValue() instanceof Map<?, ?> step && step.get("name") instanceof String n) {
                        properties.add(n);
                    }
                    walk(entry.getValue());
                }
            } else if (node instanceof List<?> list) {
                list.forEach(this::walk);
            } else if (node instanceof String text) {
                Matcher property = PROPERTY.matcher(text);
                while (property.find()) {
                    properties.add(property.group(1));
                }
                Matcher placeholder = PLACEHOLDER.matcher(text);
                while (placeholder.find()) {
                    placeholders.add(placeholder.group(2));
                }
                Matcher bean = Pattern.compile("#(?:bean:)?([A-Za-z]+)").matcher(text);
                while (bean.find()) {
                    calls.add(new String[] {bean.group(1), null});
                }
            }
        }
    }
}
