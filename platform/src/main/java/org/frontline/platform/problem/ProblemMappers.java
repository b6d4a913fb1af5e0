package org.frontline.platform.problem;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.ValidationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.frontline.platform.db.DatabaseFailures;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * Turns every error into RFC 9457 problem details. Client errors get a 4xx with a precise, safe message;
 * anything unexpected gets a 500 with a reference to the log line, never a stack trace.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e.toProblem(path(uri)));
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<?> v : e.getConstraintViolations()) {
            if (isReturnValue(v.getPropertyPath())) {
                return unexpected(e, uri);
            }
            errors.add(new Problem.FieldError(field(v.getPropertyPath()), v.getMessage()));
        }
        errors.sort(Comparator.comparing(Problem.FieldError::field).thenComparing(Problem.FieldError::message));
        return respond(ProblemException.validation(errors).toProblem(path(uri)));
    }

    @ServerExceptionMapper
    public Response validation(ValidationException e, UriInfo uri) {
        if (e instanceof ConstraintViolationException cve) {
            return constraintViolation(cve, uri);
        }
        return unexpected(e, uri);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, UriInfo uri) {
        return respond(malformed(e).toProblem(path(uri)));
    }

    /** More specific than {@link #json}, so it also wins over Quarkus' built-in mapper of this type. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return json(e, uri);
    }

    @ServerExceptionMapper
    public Response parse(JsonParseException e, UriInfo uri) {
        return json(e, uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException jpe) {
            return json(jpe, uri);
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, uri);
        }
        String badQuery = status == 404 ? unconvertedQueryParameter(e, uri) : null;
        if (badQuery != null) {
            // JAX-RS answers 404 to a query value that does not convert (page=abc, residentId=not-a-uuid): the
            // resource exists, the request is wrong
            return respond(ProblemException.validation(List.of(new Problem.FieldError(badQuery,
                    "has an invalid value '" + uri.getQueryParameters().getFirst(badQuery) + "'"))).toProblem(path(uri)));
        }
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type != null ? type.getReasonPhrase() : "Request failed";
        String detail = switch (status) {
            case 404 -> "No resource at " + path(uri);
            case 405 -> "Method not allowed on " + path(uri);
            case 406 -> "Cannot produce a response in the accepted media type";
            case 415 -> "Send the body as application/json";
            default -> title;
        };
        return respond(new Problem(Problem.TYPE_PREFIX + kind(status), title, status, detail, path(uri), null));
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(new Problem(Problem.TYPE_PREFIX + "forbidden", "Forbidden", 403,
                "Your role does not allow this", path(uri), null));
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthorized(RuntimeException e, UriInfo uri) {
        return Response.status(401).type(Problem.MEDIA_TYPE).header("WWW-Authenticate", "Bearer")
                .entity(new Problem(Problem.TYPE_PREFIX + "unauthorized", "Unauthorized", 401,
                        "A valid bearer token is required", path(uri), null))
                .build();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        if (e instanceof WebApplicationException wae && wae.getResponse().getStatus() < 500) {
            return web(wae, uri);
        }
        if (DatabaseFailures.isUniqueViolation(e)) {
            // a check-then-insert lost a race: the same thing was stored meanwhile; the transaction rolled back
            LOG.infof("Conflict on %s: %s", path(uri), DatabaseFailures.describe(e));
            return respond(new Problem(Problem.TYPE_PREFIX + "conflict", "Conflict", 409,
                    "The same record was stored by another request meanwhile; nothing was written. Reload and retry",
                    path(uri), null));
        }
        if (DatabaseFailures.isConcurrentUpdate(e)) {
            // an optimistic lock (@Version) lost a race: someone else changed the row since it was read
            LOG.infof("Stale write on %s: %s", path(uri), DatabaseFailures.describe(e));
            return respond(new Problem(Problem.TYPE_PREFIX + "conflict", "Conflict", 409,
                    "The record was changed by someone else meanwhile; nothing was written. Reload it and try again",
                    path(uri), null));
        }
        String dataState = dataException(e);
        if (dataState != null) {
            // PostgreSQL refused a value (SQLState class 22: a date past its range, a number out of range, ...)
            LOG.infof("Value refused by the database on %s: %s", path(uri), DatabaseFailures.describe(e));
            return respond(new Problem(Problem.TYPE_PREFIX + "bad-request", "Value out of range", 400,
                    "A value in the request is out of the range that can be stored (" + dataState
                            + "); nothing was written", path(uri), null));
        }
        if (DatabaseFailures.isTransient(e)) {
            LOG.warnf("Database unavailable or busy on %s: %s", path(uri), DatabaseFailures.describe(e));
            return Response.status(503).type(Problem.MEDIA_TYPE).header("Retry-After", "2")
                    .entity(new Problem(Problem.TYPE_PREFIX + "unavailable", "Service unavailable", 503,
                            "The database is busy or unreachable; nothing was written. Retry shortly", path(uri), null))
                    .build();
        }
        String reference = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected error on %s (reference %s)", path(uri), reference);
        return respond(new Problem(Problem.TYPE_PREFIX + "internal", "Internal error", 500,
                "The request could not be completed; quote reference " + reference + " to the operators",
                path(uri), null));
    }

    /**
     * The query parameter whose value failed to convert, when {@code e} is the 404 of such a failure (its cause names
     * the value: {@code For input string: "abc"}, {@code Invalid UUID string: x}, {@code Text 'x' could not be parsed});
     * null for a 404 of anything else, a path value included.
     */
    static String unconvertedQueryParameter(WebApplicationException e, UriInfo uri) {
        if (e.getCause() == null || uri == null) {
            return null;
        }
        StringBuilder chain = new StringBuilder();
        for (Throwable t = e.getCause(); t != null && chain.length() < 2000; t = t.getCause()) {
            chain.append(t.getMessage()).append('\n');
        }
        String message = chain.toString();
        for (var path : uri.getPathParameters().values()) {
            for (String value : path) {
                if (!value.isEmpty() && message.contains(value)) {
                    return null;
                }
            }
        }
        for (var q : uri.getQueryParameters().entrySet()) {
            for (String value : q.getValue()) {
                if (!value.isEmpty() && message.contains(value)) {
                    return q.getKey();
                }
            }
        }
        return null;
    }

    /** The SQLState of a PostgreSQL data exception (class 22) in the cause chain, or null. */
    static String dataException(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("22")) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    static ProblemException malformed(JsonProcessingException e) {
        if (e instanceof JsonParseException || String.valueOf(e.getOriginalMessage()).contains("end-of-input")) {
            return ProblemException.badRequest("Malformed JSON", "The body is not valid JSON", null);
        }
        if (e instanceof JsonMappingException jme && !jme.getPath().isEmpty()) {
            String field = jsonPath(jme);
            String message = e instanceof UnrecognizedPropertyException ? "is not a known field"
                    : e instanceof InvalidFormatException ife ? "has an invalid value '" + ife.getValue() + "'"
                    : "has the wrong type";
            return ProblemException.validation(List.of(new Problem.FieldError(field, message)));
        }
        return ProblemException.badRequest("Malformed JSON", "The body does not match the expected shape", null);
    }

    private static String jsonPath(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    /** {@code create.request.items[2].temperature} → {@code items[2].temperature}; a bare parameter keeps its name. */
    private static String field(Path path) {
        StringBuilder sb = new StringBuilder();
        String parameter = null;
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.METHOD) {
                continue;
            }
            if (node.getKind() == ElementKind.PARAMETER) {
                parameter = node.getName();
                continue;
            }
            // an element of a list carries its index on the node that follows the list: records[3].residentId
            if (node.isInIterable() && node.getIndex() != null && sb.length() > 0) {
                sb.append('[').append(node.getIndex()).append(']');
            }
            if (node.getName() == null || node.getKind() == ElementKind.CONTAINER_ELEMENT) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append('.');
            }
            sb.append(node.getName());
        }
        return sb.length() > 0 ? sb.toString() : parameter != null ? parameter : "body";
    }

    private static boolean isReturnValue(Path path) {
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.RETURN_VALUE) {
                return true;
            }
        }
        return false;
    }

    private static String kind(int status) {
        return switch (status) {
            case 400 -> "bad-request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 409 -> "conflict";
            case 415 -> "unsupported-media-type";
            default -> "http-" + status;
        };
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : "/" + uri.getPath().replaceFirst("^/", "");
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
