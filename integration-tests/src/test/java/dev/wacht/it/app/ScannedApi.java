package dev.wacht.it.app;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A JAX-RS application that lists no classes, so the runtime scans the WAR (and finds Wacht's
 * {@code WachtFeature} in {@code WEB-INF/lib}). Its properties, among them the {@code wacht.*}
 * settings, come from {@code wacht.properties} on the application's class path.
 */
@ApplicationPath("/api")
public class ScannedApi extends Application {
    @Override
    public Map<String, Object> getProperties() {
        Properties properties = new Properties();
        try (InputStream in = ScannedApi.class.getResourceAsStream("/wacht.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Object> map = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name)));
        return map;
    }
}
