package dev.wacht.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Holds the configuration tables of README.md and docs/*.md to the settings table ({@link WachtSetting}):
 * a table whose first column is {@code setting} or {@code name} lists settings, and each row's names,
 * environment variable and default must be the table's, and every setting must be documented somewhere.
 */
class SettingsDocumentationTest {
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    /** Which component's settings each page documents; pages not named here document core's. */
    private static final Map<String, WachtSetting.Component> PAGES = Map.of(
            "filter.md", WachtSetting.Component.FILTER, "jaxrs.md", WachtSetting.Component.JAXRS);

    private static final List<Row> ROWS = new ArrayList<>();

    /** One row of a settings table. */
    private static final class Row {
        final String where;
        final WachtSetting.Component component;
        final List<String> names;
        final String environment;
        final String defaultCell;

        Row(String where, WachtSetting.Component component, List<String> names, String environment,
                String defaultCell) {
            this.where = where;
            this.component = component;
            this.names = names;
            this.environment = environment;
            this.defaultCell = defaultCell;
        }
    }

    @BeforeAll
    static void readTables() throws IOException {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(root.resolve("docs")) || !Files.isRegularFile(root.resolve("README.md"))) {
            root = root.getParent();
            assertThat(root).as("the repository root, with README.md and docs/").isNotNull();
        }
        List<Path> pages = new ArrayList<>();
        pages.add(root.resolve("README.md"));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        for (Path page : pages) {
            read(root.relativize(page).toString(), page);
        }
        assertThat(ROWS).as("settings table rows in README.md and docs/").hasSizeGreaterThan(30);
    }

    private static void read(String name, Path page) throws IOException {
        WachtSetting.Component component = PAGES.getOrDefault(page.getFileName().toString(),
                WachtSetting.Component.CORE);
        List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            List<String> header = cells(lines.get(i));
            if (header.isEmpty() || !(header.get(0).equals("setting") || header.get(0).equals("name"))) {
                continue;
            }
            int defaults = header.indexOf("default");
            int environment = header.indexOf("environment");
            assertThat(defaults).as("%s line %d: a settings table has a default column", name, i + 1).isPositive();
            for (int j = i + 2; j < lines.size() && lines.get(j).startsWith("|"); j++) {
                List<String> row = rawCells(lines.get(j));
                List<String> names = new ArrayList<>();
                Matcher m = CODE.matcher(row.get(0));
                while (m.find()) {
                    names.add(m.group(1).startsWith("wacht.") ? m.group(1).substring("wacht.".length()) : m.group(1));
                }
                ROWS.add(new Row(name + " line " + (j + 1), component, names,
                        environment < 0 ? null : row.get(environment), row.get(defaults)));
            }
        }
    }

    private static List<String> cells(String line) {
        return rawCells(line).stream().map(c -> c.toLowerCase(Locale.ROOT)).collect(Collectors.toList());
    }

    private static List<String> rawCells(String line) {
        if (!line.startsWith("|")) {
            return List.of();
        }
        String inner = line.substring(1, line.endsWith("|") ? line.length() - 1 : line.length());
        return Arrays.stream(inner.split("\\|", -1)).map(String::trim).collect(Collectors.toList());
    }

    @Test
    void everyDocumentedNameIsASettingOfThePageComponent() {
        for (Row row : ROWS) {
            assertThat(row.names).as(row.where).isNotEmpty();
            for (String name : row.names) {
                assertThat(WachtSetting.named(name)).as("%s documents an unknown setting '%s'", row.where, name)
                        .isPresent();
                assertThat(WachtSetting.named(name).get().readBy())
                        .as("%s: '%s' is documented for %s, but the settings table says it is read by",
                                row.where, name, row.component)
                        .contains(row.component);
            }
        }
    }

    @Test
    void everySettingIsDocumented() {
        TreeSet<String> documented = new TreeSet<>();
        ROWS.forEach(row -> documented.addAll(row.names));
        assertThat(documented).containsAll(WachtSetting.allNames());
    }

    @Test
    void defaultsAndEnvironmentVariablesAreTheTable() {
        Map<String, String> wrong = new LinkedHashMap<>();
        for (Row row : ROWS) {
            if (row.names.size() != 1) {
                continue; // a row for several settings (the trust store's) names them only
            }
            WachtSetting setting = WachtSetting.named(row.names.get(0)).orElseThrow();
            if (!row.defaultCell.startsWith(setting.documentedDefault())) {
                wrong.put(row.where + " " + setting.property() + " default", "'" + row.defaultCell
                        + "' does not start with " + setting.documentedDefault());
            }
            if (row.environment != null && !row.environment.equals("`" + setting.environmentVariable() + "`")) {
                wrong.put(row.where + " " + setting.property() + " environment", row.environment);
            }
        }
        assertThat(wrong).as("documentation that disagrees with WachtSetting").isEmpty();
    }

    @Test
    void theTableDefaultsAreTheBuilderDefaults() {
        WachtConfig defaults = WachtConfig.builder().build();
        Map<String, String> applied = new LinkedHashMap<>();
        for (WachtSetting s : WachtSetting.values()) {
            if (s.readBy().contains(WachtSetting.Component.CORE) && s.defaultValue().isPresent()) {
                applied.put(s.settingName(), s.defaultValue().orElseThrow());
            }
        }
        WachtConfig fromTable = WachtConfig.builder().apply(applied::get).build();
        assertThat(values(fromTable)).isEqualTo(values(defaults));
        assertThat(fromTable.cacheEnabled()).isFalse();
    }

    private static List<Object> values(WachtConfig c) {
        return List.of(c.gatewayUrl(), c.apiKey(), c.connectTimeout(), c.requestTimeout(), c.accepted(),
                c.maxTokenLength(), c.maxResponseSize(), c.realm(), c.resourceUri(), c.allowInsecureHttp(),
                c.unavailableRetryAfter(), c.circuitBreakerThreshold(), c.circuitBreakerOpenFor(), c.oauthIssuer(),
                c.jwksUrl(), c.jwksCacheTtl(), c.jwksRefetchInterval(), c.clockSkew(), c.expectedAudience(),
                c.acceptUnboundJwt(), c.cacheMaxTtl(), c.cacheNegativeTtl(), c.cacheMaxEntries(), c.managementUrl(),
                c.auditListenerClasses(), c.proxy(), c.trustStore(), c.toString());
    }
}
