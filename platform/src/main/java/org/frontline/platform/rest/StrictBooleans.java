package org.frontline.platform.rest;

import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.Locale;

import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;

/**
 * Boolean parameters accept {@code true} or {@code false} (any case) and nothing else. JAX-RS's own conversion reads
 * every other word as false, so {@code ?vulnerable=maybe} silently listed the residents who are not vulnerable; here
 * it fails to convert, which {@code ProblemMappers} answers as 400 naming the parameter. An empty value is no value (null).
 * <p>
 * Declare boolean parameters as {@code Boolean}: RESTEasy Reactive applies a converter to a primitive {@code boolean}
 * too, but then answers an empty value ({@code ?total=}) with 404 (a null assigned to the primitive).
 */
@Provider
public class StrictBooleans implements ParamConverterProvider {

    private static final ParamConverter<Boolean> CONVERTER = new ParamConverter<>() {
        @Override
        public Boolean fromString(String value) {
            if (value == null || value.isBlank()) {
                return null; // ?vulnerable= is no filter, as an absent parameter
            }
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                // the message names the value: ProblemMappers finds the parameter by it
                default -> throw new IllegalArgumentException("Not a boolean (true or false): " + value);
            };
        }

        @Override
        public String toString(Boolean value) {
            return value == null ? null : value.toString();
        }
    };

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        return rawType == Boolean.class ? (ParamConverter<T>) CONVERTER : null;
    }
}
