package dev.wacht.core;

import dev.wacht.core.audit.AuditListener;
import dev.wacht.core.audit.LoggingAuditListener;
import dev.wacht.core.audit.WachtMeterBinder;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The audit listeners of a configuration: {@link #check} vets the named classes when the configuration is
 * built (loaded, an {@link AuditListener}, a public no-argument constructor) and the classes of the
 * {@code META-INF/services} listeners, instantiating none of them; and
 * {@link #resolve} creates the listeners when an authenticator is created: the log listener, then the
 * given, named and discovered ones.
 */
final class AuditListeners {
    static final String METER_BINDER = "dev.wacht.core.audit.WachtMeterBinder";
    private AuditListeners() {
    }

    /**
     * Checks that each named class can be instantiated as a listener, without instantiating it.
     *
     * @return the names, unmodifiable
     * @throws IllegalArgumentException naming {@code wacht.audit-listeners} and the class that does not fit
     */
    static List<String> check(List<String> classNames) {
        ClassLoader loader = loader();
        for (String name : classNames) {
            load(name, loader);
        }
        try {
            ServiceLoader.load(AuditListener.class, loader).stream().forEach(ServiceLoader.Provider::type);
        } catch (ServiceConfigurationError e) {
            throw unloadableService(e);
        }
        return List.copyOf(classNames);
    }

    static List<AuditListener> resolve(List<AuditListener> given, List<String> classNames) {
        List<AuditListener> all = new ArrayList<>();
        all.add(new LoggingAuditListener());
        all.addAll(given);
        ClassLoader loader = loader();
        for (String name : classNames) {
            all.add(instantiate(name, load(name, loader)));
        }
        try {
            for (AuditListener l : ServiceLoader.load(AuditListener.class, loader)) {
                all.add(l);
            }
        } catch (ServiceConfigurationError e) {
            throw unloadableService(e);
        }
        return Collections.unmodifiableList(all);
    }

    private static IllegalArgumentException unloadableService(ServiceConfigurationError e) {
        return WachtConfig.invalid(WachtConfig.AUDIT_LISTENERS,
                "a META-INF/services audit listener cannot be loaded: " + e.getMessage());
    }

    /** Names the class the JVM could not find, and for Micrometer's the artifact to add. */
    private static String missingDependency(String name, LinkageError e) {
        String missing = String.valueOf(e.getMessage()).replace('/', '.');
        if (missing.startsWith("io.micrometer.")) {
            return "class " + WachtConfig.quoted(name) + " needs Micrometer: add io.micrometer:micrometer-core to the application"
                    + " (WEB-INF/lib), or name dev.wacht.core.audit.AuditMetrics instead (missing " + missing + ")";
        }
        return "class " + WachtConfig.quoted(name) + " cannot be loaded: it needs " + missing
                + ", which is not on the class path";
    }

    private static ClassLoader loader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : AuditListeners.class.getClassLoader();
    }

    /** Loads a named listener class and checks its type and public no-argument constructor. */
    private static Class<? extends AuditListener> load(String name, ClassLoader loader) {
        Class<?> type;
        try {
            type = Class.forName(name, true, loader);
        } catch (ClassNotFoundException e) {
            throw WachtConfig.invalid(WachtConfig.AUDIT_LISTENERS, "class " + WachtConfig.quoted(name) + " is not on the"
                    + " application's class path (check the spelling and that its jar is in WEB-INF/lib)");
        } catch (LinkageError e) {
            throw WachtConfig.invalid(WachtConfig.AUDIT_LISTENERS, missingDependency(name, e));
        }
        if (!AuditListener.class.isAssignableFrom(type)) {
            throw WachtConfig.invalid(WachtConfig.AUDIT_LISTENERS,
                    "class " + WachtConfig.quoted(name) + " does not implement " + AuditListener.class.getName());
        }
        try {
            Constructor<?> constructor = type.getConstructor();
            if (Modifier.isAbstract(type.getModifiers()) || constructor.getParameterCount() != 0) {
                throw new InstantiationException(name);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw noConstructor(name, e);
        } catch (LinkageError e) {
            throw WachtConfig.invalid(WachtConfig.AUDIT_LISTENERS, missingDependency(name, e));
        }
        return type.asSubclass(AuditListener.class);
    }

    private static IllegalArgumentException noConstructor(String name, Exception e) {
        return WachtConfig.invalid(WachtConfig.AUDIT_LISTENERS, "class " + WachtConfig.quoted(name)
                + " needs a public no-argument constructor that succeeds (" + e.getClass().getSimpleName() + ")");
    }

    private static AuditListener instantiate(String name, Class<? extends AuditListener> type) {
        try {
            AuditListener listener = type.getConstructor().newInstance();
            if (name.equals(METER_BINDER)) {
                // Named in settings, nobody else can bind it: Micrometer's global registry is the one to use.
                ((WachtMeterBinder) listener).bindToGlobalRegistry();
            }
            return listener;
        } catch (LinkageError e) {
            throw WachtConfig.invalid(WachtConfig.AUDIT_LISTENERS, missingDependency(name, e));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw noConstructor(name, e);
        }
    }
}
