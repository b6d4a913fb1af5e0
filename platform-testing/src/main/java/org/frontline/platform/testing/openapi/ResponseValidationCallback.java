package org.frontline.platform.testing.openapi;

import java.util.List;

import io.quarkus.test.junit.callback.QuarkusTestAfterEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;

/**
 * Registered through META-INF/services: every {@code @QuarkusTest} of every module that has platform-testing on
 * its test classpath checks its responses against the service's OpenAPI document, with no code in the test.
 */
public class ResponseValidationCallback implements QuarkusTestBeforeEachCallback, QuarkusTestAfterEachCallback {

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        ResponseValidation.install();
        ResponseValidation.startTest(!skipped(context));
    }

    @Override
    public void afterEach(QuarkusTestMethodContext context) {
        List<String> violations = ResponseValidation.violations();
        ResponseValidation.startTest(true);
        // a violation already failed the test where it happened, unless the test swallowed it (an Awaitility retry)
        if (!violations.isEmpty() && (context.getTestStatus() == null || !context.getTestStatus().isTestFailed())) {
            throw new AssertionError(ResponseValidation.message(violations));
        }
    }

    private static boolean skipped(QuarkusTestMethodContext context) {
        if (annotated(context.getTestMethod().getAnnotations())) {
            return true;
        }
        for (Class<?> c = context.getTestInstance().getClass(); c != null; c = c.getEnclosingClass()) {
            if (annotated(c.getAnnotations())) {
                return true;
            }
        }
        return false;
    }

    /** By name: the test class and this callback may come from different class loaders. */
    private static boolean annotated(java.lang.annotation.Annotation[] annotations) {
        for (var a : annotations) {
            if (a.annotationType().getName().equals(SkipResponseValidation.class.getName())) {
                return true;
            }
        }
        return false;
    }
}
