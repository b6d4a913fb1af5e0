package org.frontline.platform.problem;

import java.util.List;

/** An error the client caused or must know about, answered as problem details with the given status. */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String kind;
    private final String title;
    private final List<Problem.FieldError> errors;
    private final java.util.Map<String, Object> extensions;

    public ProblemException(int status, String kind, String title, String detail, List<Problem.FieldError> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.kind = kind;
        this.title = title;
        this.errors = errors;
        this.extensions = java.util.Map.of();
    }

    private ProblemException(ProblemException base, java.util.Map<String, Object> extensions) {
        super(base.getMessage(), null, false, false);
        this.status = base.status;
        this.kind = base.kind;
        this.title = base.title;
        this.errors = base.errors;
        this.extensions = java.util.Map.copyOf(extensions);
    }

    /** The same problem with an RFC 9457 extension member, e.g. {@code with("existingId", id)}. */
    public ProblemException with(String member, Object value) {
        var merged = new java.util.LinkedHashMap<>(extensions);
        merged.put(member, value);
        return new ProblemException(this, merged);
    }

    public static ProblemException badRequest(String title, String detail, String field) {
        return new ProblemException(400, "validation", title, detail,
                field == null ? null : List.of(new Problem.FieldError(field, detail)));
    }

    public static ProblemException validation(List<Problem.FieldError> errors) {
        return new ProblemException(400, "validation", "Invalid request",
                errors.size() == 1 ? errors.get(0).field() + " " + errors.get(0).message()
                        : errors.size() + " fields are invalid",
                errors);
    }

    public static ProblemException notFound(String what, Object id) {
        return new ProblemException(404, "not-found", what + " not found", what + " " + id + " does not exist", null);
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "forbidden", "Forbidden", detail, null);
    }

    public static ProblemException conflict(String title, String detail) {
        return new ProblemException(409, "conflict", title, detail, null);
    }

    public int status() {
        return status;
    }

    public Problem toProblem(String instance) {
        return new Problem(Problem.TYPE_PREFIX + kind, title, status, getMessage(), instance, errors, extensions);
    }
}
