package org.frontline.platform.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Reads the caller's area scope from the token's {@code area} claim (one prefix, a list, or prefixes
 * separated by spaces or commas) and attaches it to the identity. Malformed prefixes are dropped, so a
 * token with no valid prefix grants no area at all.
 */
@ApplicationScoped
public class AreaScopeAugmentor implements SecurityIdentityAugmentor {

    public static final String CLAIM = "area";
    public static final String ATTRIBUTE = "frontline.area";
    private static final Logger LOG = Logger.getLogger(AreaScopeAugmentor.class);

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Uni.createFrom().item(identity);
        }
        List<String> prefixes = parse(jwt.getClaim(CLAIM), identity.getPrincipal().getName());
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder(identity)
                .addAttribute(ATTRIBUTE, prefixes)
                .build());
    }

    static List<String> parse(Object claim, String user) {
        List<String> raw = new ArrayList<>();
        collect(claim, raw);
        Set<String> valid = new LinkedHashSet<>();
        for (String value : raw) {
            for (String part : value.split("[\\s,]+")) {
                if (part.isEmpty()) {
                    continue;
                }
                if (AreaCodes.isAreaPrefix(part)) {
                    valid.add(part);
                } else {
                    LOG.warnf("Ignoring malformed area prefix '%s' in the token of %s", part, user);
                }
            }
        }
        return List.copyOf(valid);
    }

    private static void collect(Object claim, List<String> out) {
        if (claim == null) {
            return;
        }
        if (claim instanceof JsonString s) {
            out.add(s.getString());
        } else if (claim instanceof Collection<?> values) {
            values.forEach(v -> collect(v, out));
        } else if (claim instanceof JsonValue v && v.getValueType() == JsonValue.ValueType.ARRAY) {
            v.asJsonArray().forEach(item -> collect(item, out));
        } else {
            out.add(claim.toString().replace("\"", ""));
        }
    }
}
