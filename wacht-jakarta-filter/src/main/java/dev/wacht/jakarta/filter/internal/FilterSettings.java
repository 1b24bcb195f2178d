package dev.wacht.jakarta.filter.internal;

import dev.wacht.core.WachtConfig;
import dev.wacht.jakarta.filter.WachtFilterOptions;
import jakarta.servlet.ServletContext;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a declared {@code WachtFilter}'s options the one way both the filter and the deployment check
 * use: {@code wacht.*} init-params over context-params over system properties and environment, after
 * checking every {@code wacht.*} name. Not part of the API.
 */
public final class FilterSettings {
    private static final String PREFIX = "wacht.";

    private FilterSettings() {
    }

    /**
     * The options of the filter named {@code filterName} in this context.
     *
     * @param initParameterNames the filter's init-param names
     * @param initParameter the filter's init-param values by name
     * @throws IllegalArgumentException naming the unknown or invalid setting
     */
    public static WachtFilterOptions read(String filterName, ServletContext context,
            Enumeration<String> initParameterNames, Function<String, String> initParameter) {
        Set<String> known = WachtFilterOptions.settingNames();
        checkNames("init-param", initParameterNames, known);
        checkNames("context-param", context.getInitParameterNames(), known);
        Function<String, String> environment = WachtConfig.environmentSettings();
        String contextPath = context.getContextPath();
        return WachtFilterOptions.builder()
                .config(WachtConfig.builder().name(ownerName(filterName, contextPath)).build())
                .apply(name -> {
                    String value = initParameter.apply(PREFIX + name);
                    if (value == null || value.isBlank()) {
                        value = context.getInitParameter(PREFIX + name);
                    }
                    return value == null || value.isBlank() ? environment.apply(name) : value;
                })
                .build();
    }

    /** How log lines name a filter: {@code filter 'wacht' of /shop}. */
    public static String ownerName(String filterName, String contextPath) {
        return "filter '" + filterName + "' of " + (contextPath == null || contextPath.isEmpty() ? "/" : contextPath);
    }

    private static void checkNames(String kind, Enumeration<String> names, Set<String> known) {
        for (String name : Collections.list(names)) {
            if (name.startsWith(PREFIX) && !known.contains(name.substring(PREFIX.length()))) {
                throw new IllegalArgumentException(WachtConfig.unknownSetting(kind, name, known));
            }
        }
    }
}
