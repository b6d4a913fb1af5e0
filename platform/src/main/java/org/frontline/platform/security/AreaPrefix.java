package org.frontline.platform.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/** The value is an area prefix of 2, 4, 6, 9 or 12 digits; null is allowed. */
@Documented
@Constraint(validatedBy = AreaPrefix.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface AreaPrefix {

    /** A key of ContributorValidationMessages (platform): the text follows the request's Accept-Language. */
    String message() default "{frontline.area-prefix}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<AreaPrefix, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || AreaCodes.isAreaPrefix(value);
        }
    }
}
