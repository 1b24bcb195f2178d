package dev.wacht.testkit;

import java.util.Objects;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that starts one {@link WachtEmulator} per test class (before all tests, stopped
 * after all tests) and injects it into constructors, lifecycle methods and test methods that declare a
 * {@code WachtEmulator} parameter. Use {@code @ExtendWith(WachtEmulatorExtension.class)}, or
 * {@code @RegisterExtension static WachtEmulatorExtension wacht = new WachtEmulatorExtension(b -> …)}
 * to customise the emulator. Nested test classes share their enclosing class's emulator. State is not
 * reset between tests; call {@link WachtEmulator#reset()} where needed.
 */
public final class WachtEmulatorExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(WachtEmulatorExtension.class);
    private static final String KEY = "emulator";

    private final Consumer<WachtEmulator.Builder> customizer;

    /** An extension starting emulators with every default. */
    public WachtEmulatorExtension() {
        this(b -> { });
    }

    /** An extension that lets {@code customizer} configure each emulator's builder before it starts. */
    public WachtEmulatorExtension(Consumer<WachtEmulator.Builder> customizer) {
        this.customizer = Objects.requireNonNull(customizer, "customizer");
    }

    /** Starts the emulator for the test class. */
    @Override
    public void beforeAll(ExtensionContext context) {
        emulator(context);
    }

    /** Stops the emulator the test class started (the store would also close it). */
    @Override
    public void afterAll(ExtensionContext context) {
        Object own = context.getStore(NAMESPACE).remove(KEY);
        if (own instanceof Resource) {
            ((Resource) own).close();
        }
    }

    /** Supports parameters of type {@link WachtEmulator}. */
    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == WachtEmulator.class;
    }

    /** The emulator of the current test class. */
    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return emulator(extensionContext);
    }

    private WachtEmulator emulator(ExtensionContext context) {
        ExtensionContext owner = classContext(context);
        // getOrComputeIfAbsent also finds a value of an enclosing class's context, so nested classes share it.
        Resource r = owner.getStore(NAMESPACE).getOrComputeIfAbsent(KEY, k -> {
            WachtEmulator.Builder b = WachtEmulator.builder();
            customizer.accept(b);
            return new Resource(b.start());
        }, Resource.class);
        return r.emulator;
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        return c;
    }

    /** Store entry that closes the emulator when the class context closes. */
    @SuppressWarnings("deprecation")
    private static final class Resource implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        final WachtEmulator emulator;

        Resource(WachtEmulator emulator) {
            this.emulator = emulator;
        }

        @Override
        public void close() {
            emulator.close();
        }
    }
}
