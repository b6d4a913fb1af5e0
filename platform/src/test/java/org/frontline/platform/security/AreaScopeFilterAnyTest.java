package org.frontline.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.frontline.platform.problem.ProblemException;
import org.junit.jupiter.api.Test;

import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;

/** {@link AreaScope#filterAny}: a record in several areas (a transfer's source and destination). */
class AreaScopeFilterAnyTest {

    static AreaScope scope(String... prefixes) {
        return new AreaScope(QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal("zhou"))
                .addAttribute(AreaScopeAugmentor.ATTRIBUTE, List.of(prefixes)).build());
    }

    @Test
    void anyPropertyInAnyPrefixKeepsTheRow() {
        ScopeFilter f = scope("310104", "310105").filterAny(List.of("fromArea", "toArea"), null);
        assertThat(f.query()).isEqualTo(
                "(fromArea like :area0 or toArea like :area0 or fromArea like :area1 or toArea like :area1)");
        assertThat(f.params()).isEqualTo(Map.of("area0", "310104%", "area1", "310105%"));
    }

    @Test
    void aRequestedAreaNarrowsAndOneOutsideIs403() {
        ScopeFilter f = scope("310104").filterAny(List.of("fromArea", "toArea"), "310104012003");
        assertThat(f.query()).isEqualTo("(fromArea like :area0 or toArea like :area0)");
        assertThat(f.params()).isEqualTo(Map.of("area0", "310104012003%"));
        assertThatThrownBy(() -> scope("310104").filterAny(List.of("fromArea", "toArea"), "310105"))
                .isInstanceOf(ProblemException.class).satisfies(e -> assertThat(((ProblemException) e).status()).isEqualTo(403));
    }

    @Test
    void noScopeKeepsNothingAndTheSinglePropertyFilterIsUnchanged() {
        assertThat(scope().filterAny(List.of("fromArea", "toArea"), null).query()).isEqualTo("1 = 0");
        assertThat(scope("3101").filter("communityCode").query()).isEqualTo("(communityCode like :area0)");
    }
}
