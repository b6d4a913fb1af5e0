package org.frontline.platform.inbox;

/**
 * The application began to stop before the event was applied. Never a reason to dead-letter: the record
 * stays uncommitted and is delivered again after the restart.
 */
public class ApplicationStoppingException extends RuntimeException {

    public ApplicationStoppingException(String message, Throwable cause) {
        super(message, cause);
    }
}
