package dev.wacht.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wacht.core.ScopeRequirement;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Which names go to the gateway for each combination of class and method annotations. */
class RequirementTest {
    private static Method method(Class<?> type, String name) {
        return Arrays.stream(type.getMethods()).filter(m -> m.getName().equals(name)).findFirst().orElseThrow();
    }

    private static ScopeRequirement of(Class<?> type, String method) {
        return Requirement.of(type, method(type, method)).orElseThrow();
    }

    @Test
    void unannotatedResourcesHaveNoRequirement() {
        assertThat(Requirement.of(OpenResource.class, method(OpenResource.class, "manual")))
                .isEmpty();
    }

    @Test
    void allOfNamesAndSingleAnyOfNamesGoToTheGateway() {
        assertThat(of(FileResource.class, "list").gatewayPermissions()).containsExactly("files:read");
        assertThat(of(FileResource.class, "delete").gatewayPermissions())
                .containsExactly("files:read", "files:delete");
        assertThat(of(FileResource.class, "upload").gatewayPermissions()).containsExactly("files:read");
        assertThat(of(FileResource.class, "index").gatewayPermissions()).containsExactly("files:list");
        assertThat(of(McpResource.class, "invoke").gatewayPermissions()).isEmpty();
    }

    @Test
    void classRequirementsAreInherited() {
        class Subclass extends FileResource {
        }
        assertThat(Requirement.of(Subclass.class, method(FileResource.class, "index"))
                .orElseThrow().gatewayPermissions()).containsExactly("files:list");
        assertThat(Requirement.of(Subclass.class, null).orElseThrow().gatewayPermissions())
                .containsExactly("files:read");
    }
}
