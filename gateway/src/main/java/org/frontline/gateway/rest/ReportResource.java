package org.frontline.gateway.rest;

import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.frontline.gateway.report.Report;
import org.frontline.gateway.report.ReportRenderer;
import org.frontline.gateway.report.ReportTemplates;
import org.frontline.gateway.report.ReportWriters;
import org.frontline.gateway.report.TemplateDefinition;
import org.frontline.platform.problem.ProblemException;
import org.frontline.platform.security.AreaScope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Fill-once reports: templates as data, rendered from the city picture as JSON, CSV or XLSX. */
@Path("/api/v1/reports")
@Tag(name = "Reports", description = "Unified reports: every figure a department asks for, from the city picture")
public class ReportResource {

    static final String NEWEST = FreshnessHeader.HEADER;
    private static final String READERS = "Roles: coordinator, district-officer, community-worker, integration.";

    /** One template in the list: its latest version. */
    @Schema(name = "ReportTemplateSummary")
    public record TemplateSummary(@Schema(required = true) String name, @Schema(required = true) int version,
            @Schema(required = true) String title, @Schema(required = true) String titleZh,
            @Schema(required = true) String department, String departmentZh) {
    }

    @Schema(name = "ReportTemplateList")
    public record TemplateList(@Schema(required = true) List<TemplateSummary> items) {
    }

    /** One stored version of a template. */
    @Schema(name = "ReportTemplateVersion")
    public record TemplateView(@Schema(required = true) String name, @Schema(required = true) int version,
            @Schema(required = true) String title, @Schema(required = true) String createdBy,
            @Schema(required = true) OffsetDateTime createdAt,
            @Schema(required = true) TemplateDefinition definition) {

        static TemplateView of(ReportTemplates.Stored s) {
            return new TemplateView(s.name(), s.version(), s.definition().title(), s.createdBy(), s.createdAt(),
                    s.definition());
        }
    }

    /**
     * The body of a PUT, for the document only (the body is read by {@link TemplateDefinition#parse}): the whole
     * definition again, but {@code name} may be left out (it is the path's) and {@code version} says which version
     * it replaces. Declaring the POST's schema here made {@code name} required, which the PUT never was.
     */
    @Schema(name = "ReportTemplateRevision", description = "The whole definition again, and the version it replaces")
    public record TemplateRevision(
            @Schema(description = "The path's name (a template is not renamed); may be left out") String name,
            @Schema(required = true) String title, @Schema(required = true) String titleZh,
            @Schema(required = true) String department, String departmentZh,
            @Schema(required = true) TemplateDefinition.Rows rows,
            @Schema(required = true, description = "At least one; each metric at most once")
            List<TemplateDefinition.Column> columns,
            @Schema(description = "A row is shown only if every filter holds; none: every row")
            List<TemplateDefinition.Filter> filters,
            @Schema(required = true) TemplateDefinition.DateRule date,
            @Schema(description = "The version this replaces, which must be the latest (or If-Match)", minimum = "1")
            Integer version) {
    }

    @Schema(name = "ReportTemplateVersions")
    public record VersionList(@Schema(required = true) String name,
            @Schema(required = true, description = "Oldest first") List<TemplateView> items) {
    }

    private final ReportTemplates templates;
    private final ReportRenderer renderer;
    private final AreaScope scope;
    private final JsonWebToken jwt;
    private final Clock clock;
    private final ZoneId cityZone;

    public ReportResource(ReportTemplates templates, ReportRenderer renderer, AreaScope scope, JsonWebToken jwt,
            Clock clock, @ConfigProperty(name = "frontline.city-zone", defaultValue = "Asia/Shanghai") String zone) {
        this.templates = templates;
        this.renderer = renderer;
        this.scope = scope;
        this.jwt = jwt;
        this.clock = clock;
        this.cityZone = ZoneId.of(zone);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({"coordinator", "district-officer", "community-worker", "integration"})
    @Operation(summary = "List the report templates", description = "The latest version of each, by name. " + READERS)
    public TemplateList list() {
        return new TemplateList(templates.latest().stream().map(s -> new TemplateSummary(s.name(), s.version(),
                s.definition().title(), s.definition().titleZh(), s.definition().department(),
                s.definition().departmentZh())).toList());
    }

    @GET
    @Path("/{name}/versions")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({"coordinator", "district-officer", "community-worker", "integration"})
    @Operation(summary = "Every version of a template", description = "Oldest first, with each definition. " + READERS)
    public VersionList versions(@PathParam("name") String name) {
        List<ReportTemplates.Stored> all = templates.versions(name);
        if (all.isEmpty()) {
            throw ProblemException.notFound("Report template", name);
        }
        return new VersionList(name, all.stream().map(TemplateView::of).toList());
    }

    @GET
    @Path("/{name}")
    @Produces({MediaType.APPLICATION_JSON, ReportWriters.CSV, ReportWriters.XLSX})
    @RolesAllowed({"coordinator", "district-officer", "community-worker", "integration"})
    @Operation(summary = "Render a report",
            description = "The template's rows (the areas of its level inside `area`) and columns from the city "
                    + "picture, over the days its date rule gives for `date`, with a totals row. JSON, CSV (UTF-8 "
                    + "with a byte-order mark) or XLSX; always as an attachment `<name>-<area>-<date>.<ext>`, with "
                    + "the header `" + NEWEST + "`. " + READERS)
    @APIResponse(responseCode = "200", description = "The report",
            headers = {
                @Header(name = NEWEST, description = "The time of the newest event the picture reflects (absent "
                        + "before the first)", schema = @Schema(type = SchemaType.STRING, format = "date-time")),
                @Header(name = "Content-Disposition", description = "attachment; filename=<name>-<area>-<date>.<ext>",
                        schema = @Schema(type = SchemaType.STRING))},
            content = {
                @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Report.class)),
                @Content(mediaType = ReportWriters.CSV, schema = @Schema(type = SchemaType.STRING)),
                @Content(mediaType = ReportWriters.XLSX, schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    public Response render(@PathParam("name") String name,
            @Parameter(description = "Area code prefix (2, 4, 6, 9 or 12 digits); default: your first area")
            @QueryParam("area") String area,
            @Parameter(description = "YYYY-MM-DD; default: today in the city") @QueryParam("date") String date,
            @Parameter(description = "json (default), csv or xlsx",
                    schema = @Schema(enumeration = {"json", "csv", "xlsx"})) @QueryParam("format") String format,
            @Parameter(description = "The template version; default: the latest",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1")) @QueryParam("version") String version) {
        String fmt = format == null || format.isBlank() ? "json" : format.strip().toLowerCase(java.util.Locale.ROOT);
        if (!List.of("json", "csv", "xlsx").contains(fmt)) {
            throw ProblemException.badRequest("Invalid format", "format must be json, csv or xlsx", "format");
        }
        LocalDate day = date == null || date.isBlank() ? LocalDate.ofInstant(clock.instant(), cityZone)
                : PictureParams.date(date, "date", null);
        Integer wanted = null;
        if (version != null && !version.isBlank()) {
            try {
                wanted = Integer.valueOf(version.strip());
            } catch (NumberFormatException e) {
                wanted = -1;
            }
            if (wanted < 1) {
                throw ProblemException.badRequest("Invalid version", "version must be a whole number from 1", "version");
            }
        }
        String asked = PictureParams.area(area == null ? null : area.strip(), scope);
        ReportTemplates.Stored template = templates.find(name, wanted);
        Report report = renderer.render(template, asked, day);
        String file = template.name() + "-" + asked + "-" + day + "." + fmt;
        Response.ResponseBuilder response = switch (fmt) {
            case "csv" -> Response.ok(ReportWriters.csv(report), ReportWriters.CSV + "; charset=UTF-8");
            case "xlsx" -> Response.ok(ReportWriters.xlsx(report), ReportWriters.XLSX);
            default -> Response.ok(report, MediaType.APPLICATION_JSON);
        };
        response.header("Content-Disposition", "attachment; filename=\"" + file + "\"");
        if (report.newestEventAt() != null) {
            response.header(NEWEST, report.newestEventAt().toString());
        }
        return response.build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed("coordinator")
    @Operation(summary = "Add a report template",
            description = "Stored as version 1. Every bad field is named in one 400 and nothing is stored; 409 if "
                    + "the name exists (PUT adds a version). Role: coordinator.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = TemplateDefinition.class)))
    @APIResponse(responseCode = "201", description = "Added as version 1",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TemplateView.class)))
    public Response create(JsonNode body) {
        TemplateDefinition definition = TemplateDefinition.parse(body);
        TemplateView view = TemplateView.of(templates.create(definition, jwt.getName()));
        return Response.created(URI.create("/api/v1/reports/" + view.name())).entity(view)
                .tag(String.valueOf(view.version())).build();
    }

    @PUT
    @Path("/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed("coordinator")
    @Operation(summary = "Add a version of a report template",
            description = "The whole definition again, stored as the latest version + 1. Optimistic: the version "
                    + "you changed in `If-Match` (e.g. `\"1\"`) or in the body's `version` field must be the latest "
                    + "now, else 409 (nothing stored). `name` in the body, if given, must be the path's. Every bad "
                    + "field is named in one 400. Role: coordinator.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = TemplateRevision.class)))
    @APIResponse(responseCode = "200", description = "The new version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TemplateView.class)))
    public Response newVersion(@PathParam("name") String name,
            @Parameter(description = "The version you changed, e.g. \"1\"") @HeaderParam("If-Match") String ifMatch,
            JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ProblemException.badRequest("Invalid template", "the body must be a JSON object", "body");
        }
        ObjectNode definition = ((ObjectNode) body).deepCopy();
        JsonNode versionNode = definition.remove("version");
        Integer expected = null;
        if (ifMatch != null && !ifMatch.isBlank()) {
            String tag = ifMatch.strip().replaceFirst("^W/", "").replace("\"", "");
            try {
                expected = Integer.valueOf(tag);
            } catch (NumberFormatException e) {
                throw ProblemException.badRequest("Invalid If-Match", "If-Match must be the version, e.g. \"1\"",
                        "If-Match");
            }
        }
        if (versionNode != null && !versionNode.isNull()) {
            if (!versionNode.isIntegralNumber()) {
                throw ProblemException.badRequest("Invalid version", "version must be a whole number", "version");
            }
            if (expected != null && expected != versionNode.intValue()) {
                throw ProblemException.badRequest("Invalid version", "version and If-Match differ", "version");
            }
            expected = versionNode.intValue();
        }
        if (!definition.has("name") || definition.get("name").isNull()) {
            definition.put("name", name);
        } else if (!name.equals(definition.get("name").asText())) {
            throw ProblemException.badRequest("Invalid name", "name must be the path's name " + name
                    + " (a template is not renamed)", "name");
        }
        templates.find(name, null); // 404 before the definition's own errors
        TemplateDefinition parsed = TemplateDefinition.parse(definition);
        if (expected == null) {
            throw ProblemException.badRequest("Version required", "say which version you changed: If-Match or the "
                    + "body's version field", "version");
        }
        TemplateView view = TemplateView.of(templates.newVersion(parsed, expected, jwt.getName()));
        return Response.ok(view).tag(String.valueOf(view.version())).build();
    }
}
