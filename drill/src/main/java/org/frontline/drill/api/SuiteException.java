package org.frontline.drill.api;

/** The suite answered something the drill did not expect (a non-2xx the caller did not ask to handle). */
public class SuiteException extends RuntimeException {

    private final int status;

    public SuiteException(String method, String path, Response response) {
        super(method + " " + path + " → " + response.status() + ": " + response.problem());
        this.status = response.status();
    }

    public SuiteException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
    }

    public int status() {
        return status;
    }
}
