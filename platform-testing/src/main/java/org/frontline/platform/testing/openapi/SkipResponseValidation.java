package org.frontline.platform.testing.openapi;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Turns off the check of responses against the service's OpenAPI document for one test method (or a whole test
 * class). Only for a test whose point is an answer the document rightly does not describe (a request the
 * framework rejects before any operation is reached); say why in {@link #value()}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface SkipResponseValidation {

    /** Why this test's responses are not checked. */
    String value();
}
