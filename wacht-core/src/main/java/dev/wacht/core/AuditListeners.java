package dev.wacht.core;

import dev.wacht.core.audit.AuditListener;
import dev.wacht.core.audit.LoggingAuditListener;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** Resolves the audit listeners of a configuration: the log listener, then the given, named and discovered ones. */
final class AuditListeners {
    private AuditListeners() {
    }

    static List<AuditListener> resolve(List<AuditListener> given, List<String> classNames) {
        List<AuditListener> all = new ArrayList<>();
        all.add(new LoggingAuditListener());
        all.addAll(given);
        ClassLoader loader = loader();
        for (String name : classNames) {
            all.add(instantiate(name, loader));
        }
        try {
            for (AuditListener l : ServiceLoader.load(AuditListener.class, loader)) {
                all.add(l);
            }
        } catch (ServiceConfigurationError e) {
            throw WachtConfig.invalid(WachtConfig.AUDIT_LISTENERS,
                    "a META-INF/services audit listener cannot be loaded: " + e.getMessage());
        }
        return Collections.unmodifiableList(all);
    }

    private static ClassLoader loader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : AuditListeners.class.getClassLoader();
    }

    private static AuditListener instantiate(String name, ClassLoader loader) {
        Class<?> type;
        try {
            type = Class.forName(name, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw WachtConfig.invalid(WachtConfig.AUDIT_LISTENERS,
                    "class " + WachtConfig.quoted(name) + " cannot be loaded");
        }
        if (!AuditListener.class.isAssignableFrom(type)) {
            throw WachtConfig.invalid(WachtConfig.AUDIT_LISTENERS,
                    "class '" + name + "' does not implement " + AuditListener.class.getName());
        }
        try {
            return (AuditListener) type.getConstructor().newInstance();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            throw WachtConfig.invalid(WachtConfig.AUDIT_LISTENERS, "class '" + name
                    + "' needs a public no-argument constructor that succeeds (" + e.getClass().getSimpleName() + ")");
        }
    }
}
