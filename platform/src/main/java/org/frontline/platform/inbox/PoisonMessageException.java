package org.frontline.platform.inbox;

/** A message that can never be applied, however often it is retried; it belongs in the dead-letter topic. */
public class PoisonMessageException extends RuntimeException {

    public PoisonMessageException(String message) {
        super(message);
    }
}
