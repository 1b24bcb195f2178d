package dev.wacht.jaxrs.attack;

import dev.wacht.jaxrs.RequiresScope;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** The JAX-RS side of the attacked application: catch-all resources that route on the raw request URI. */
final class AttackResources {
    private AttackResources() {
    }

    /** Protected by the servlet filter only (no annotation): a catch-all below {@code /files}. */
    @Path("files/{p: .*}")
    public static final class Files {
        @GET
        public String get(@PathParam("p") String p) {
            Ran.note("files:" + p);
            return "file " + p;
        }
    }

    /** Protected by the servlet filter only: a catch-all below {@code /admin}. */
    @Path("admin/{p: .*}")
    public static final class Admin {
        @GET
        public String get(@PathParam("p") String p) {
            Ran.note("admin:" + p);
            return "admin " + p;
        }
    }

    /** Protected by the servlet filter only. */
    @Path("api/me")
    public static final class Me {
        @GET
        public String get() {
            Ran.note("me");
            return "me";
        }
    }

    /** Open content below the excluded {@code /public/*}. */
    @Path("public/{p: .*}")
    public static final class Public {
        @GET
        public String get(@PathParam("p") String p) {
            return "public " + p;
        }
    }

    /** For the JAX-RS adapter alone: protected by {@code @RequiresScope}. */
    @Path("jx")
    @RequiresScope("read")
    public static final class Jx {
        @GET
        @Path("r")
        public String get() {
            Ran.note("jx");
            return "jx";
        }
    }
}
