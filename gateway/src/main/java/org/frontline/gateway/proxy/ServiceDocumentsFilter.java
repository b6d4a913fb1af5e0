package org.frontline.gateway.proxy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.info.Info;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Links the services' own OpenAPI documents from the gateway's: the one entry point forwards
 * {@code /api/v1/{screening|roster|supplies|alerts}/**} to them, and {@code /openapi/{service}} serves each
 * service's document through the gateway. The document carries {@code x-frontline-services} (prefix → document URL),
 * one tag per service with its {@code externalDocs}, and a sentence in the description.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ServiceDocumentsFilter implements OASFilter {

    /** The gateway's path prefix → the service's document behind the gateway. */
    static final Map<String, String> DOCUMENTS = new LinkedHashMap<>();
    static {
        DOCUMENTS.put("/api/v1/screening", "/openapi/screening");
        DOCUMENTS.put("/api/v1/roster", "/openapi/roster");
        DOCUMENTS.put("/api/v1/supplies", "/openapi/supplies");
        DOCUMENTS.put("/api/v1/alerts", "/openapi/alert");
    }

    static final String SENTENCE = "One entry point: /api/v1/screening/**, /api/v1/roster/**, /api/v1/supplies/** and "
            + "/api/v1/alerts/** are forwarded with the caller's token to the services' /api/v1/**; their documents are "
            + "served at /openapi/screening, /openapi/roster, /openapi/supplies and /openapi/alert (listed in "
            + "x-frontline-services).";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Map<String, Object> services = new LinkedHashMap<>();
        DOCUMENTS.forEach((prefix, doc) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("prefix", prefix + "/");
            entry.put("openapi", doc);
            services.put(doc.substring("/openapi/".length()), entry);
        });
        openAPI.addExtension("x-frontline-services", services);
        DOCUMENTS.forEach((prefix, doc) -> {
            String name = doc.substring("/openapi/".length());
            openAPI.addTag(OASFactory.createTag().name("service: " + name)
                    .description("The " + name + " service behind " + prefix + "/** (forwarded, not described here)")
                    .externalDocs(OASFactory.createExternalDocumentation().url(doc)
                            .description("The " + name + " service's OpenAPI document")));
        });
        Info info = openAPI.getInfo();
        if (info == null) {
            info = OASFactory.createInfo().title("Frontline gateway").version("1");
            openAPI.setInfo(info);
        }
        String description = info.getDescription();
        if (description == null || !description.contains("One entry point")) {
            info.setDescription(description == null || description.isBlank() ? SENTENCE : description + " " + SENTENCE);
        }
    }
}
