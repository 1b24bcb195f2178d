package dev.wacht.jaxrs;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Protects a JAX-RS resource class or resource method with a Wacht bearer credential that holds the
 * given scopes or permissions (a name counts when it is a granted scope or an effective permission).
 * Resources without this annotation stay open.
 *
 * <p><b>Class and method:</b> when both the resource class and the resource method carry the
 * annotation, <em>both</em> requirements apply (class AND method), unless the method sets
 * {@link #replaceClassLevel()} {@code = true}, in which case only the method's applies. The class
 * annotation is {@linkplain Inherited inherited} by subclasses.
 *
 * <p>An empty {@link #value()} requires an authenticated credential and no particular scope.
 *
 * <pre>{@code
 * @Path("/files")
 * @RequiresScope("files:read")
 * public class Files {
 *     @GET public String list() { ... }                              // files:read
 *     @DELETE @RequiresScope("files:delete") public void drop() { }  // files:read AND files:delete
 *     @POST @RequiresScope(value = {"files:write", "files:admin"}, match = RequiresScope.Match.ANY)
 *     public void put(String body) { }                               // files:read AND (files:write OR files:admin)
 * }
 * }</pre>
 *
 * <p>It is a {@link NameBinding}, so an application may bind its own filters to it as well; the
 * protection itself is installed by {@link WachtFeature}.
 */
@NameBinding
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresScope {
    /** The scopes or permissions required; plain names such as {@code files:read}. */
    String[] value() default {};

    /** Whether all of {@link #value()} are required (the default) or any one of them suffices. */
    Match match() default Match.ALL;

    /**
     * On a method: true to use only this method's requirement instead of adding it to the
     * class's. Ignored on a class.
     */
    boolean replaceClassLevel() default false;

    /** How the names of one annotation combine. */
    enum Match {
        /** Every name is required. */
        ALL,
        /** One of the names suffices. */
        ANY
    }
}
