package dev.wacht.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The one matching rule of required scopes: clauses that all hold, each all-of or any-of. */
class ScopeRequirementTest {
    /** A caller with granted scope files:read and effective permission files:write (not a scope). */
    private static final WachtPrincipal CALLER = WachtPrincipal.builder(VerificationSource.GATEWAY,
            CredentialKind.OAUTH_ACCESS_TOKEN, "oc_1").subject("u1").scopes(List.of("files:read"))
            .permissions(List.of("files:write")).build();

    @Test
    void allOfNeedsEveryNameAsAScopeOrAPermission() {
        assertThat(ScopeRequirement.allOf(List.of("files:read", "files:write")).isMetBy(CALLER)).isTrue();
        ScopeRequirement more = ScopeRequirement.allOf(List.of("files:read", "files:admin"));
        assertThat(more.isMetBy(CALLER)).isFalse();
        assertThat(more.unmet(CALLER)).containsExactly("files:read", "files:admin");
    }

    @Test
    void anyOfNeedsOneName() {
        assertThat(ScopeRequirement.anyOf(List.of("files:admin", "files:write")).isMetBy(CALLER)).isTrue();
        ScopeRequirement none = ScopeRequirement.anyOf(List.of("files:admin", "files:delete"));
        assertThat(none.isMetBy(CALLER)).isFalse();
        assertThat(none.unmet(CALLER)).containsExactly("files:admin", "files:delete");
    }

    @Test
    void clausesCombinedWithAndMustAllHoldAndOnlyTheUnmetOnesAreNamed() {
        ScopeRequirement both = ScopeRequirement.allOf(List.of("files:read"))
                .and(ScopeRequirement.anyOf(List.of("files:admin", "files:delete")));
        assertThat(both.isMetBy(CALLER)).isFalse();
        assertThat(both.unmet(CALLER)).containsExactly("files:admin", "files:delete");
        assertThat(ScopeRequirement.allOf(List.of("files:read"))
                .and(ScopeRequirement.anyOf(List.of("files:admin", "files:write"))).isMetBy(CALLER)).isTrue();
    }

    @Test
    void theGatewayIsAskedOnlyForNamesItCanCheck() {
        ScopeRequirement r = ScopeRequirement.allOf(List.of("a", "b"))
                .and(ScopeRequirement.anyOf(List.of("c")))
                .and(ScopeRequirement.anyOf(List.of("d", "e")));
        assertThat(r.gatewayPermissions()).containsExactly("a", "b", "c");
    }

    @Test
    void noNamesRequireNothingAndNamesAreOnePlainNameEach() {
        assertThat(ScopeRequirement.allOf(List.of())).isEqualTo(ScopeRequirement.none());
        assertThat(ScopeRequirement.none().isEmpty()).isTrue();
        assertThat(ScopeRequirement.none().isMetBy(CALLER)).isTrue();
        assertThat(ScopeRequirement.anyOf(List.of("a", "a")).gatewayPermissions()).containsExactly("a");
        assertThatThrownBy(() -> ScopeRequirement.anyOf(List.of("files:read files:write")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one plain name");
    }
}
