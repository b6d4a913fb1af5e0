package org.frontline.platform.problem;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * RFC 9457 problem details, served as {@code application/problem+json}. {@code errors} lists the fields
 * that failed validation, so a client can show each message next to its input.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance,
        List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    static final String TYPE_PREFIX = "urn:frontline:problem:";

    public record FieldError(String field, String message) {
    }
}
