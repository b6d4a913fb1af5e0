package org.frontline.platform.testapp;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.frontline.platform.events.Outbox;
import org.frontline.platform.problem.ProblemException;
import org.frontline.platform.security.AreaPrefix;
import org.frontline.platform.security.AreaScope;
import org.frontline.platform.security.CommunityCode;

@Path("/api/v1/notes")
@RolesAllowed("community-worker")
public class NoteResource {

    public record NewNote(@NotNull @CommunityCode String communityCode, @NotBlank @Size(max = 200) String text,
            @PositiveOrZero int seq) {
    }

    @Inject
    AreaScope scope;
    @Inject
    Notes notes;

    @POST
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Note.class)))
    public Response create(@Valid @NotNull NewNote body) {
        scope.check(body.communityCode());
        Note note = notes.write(body);
        return Response.created(URI.create("/api/v1/notes/" + note.id)).entity(note).build();
    }

    @GET
    @Path("{id}")
    public Note get(@PathParam("id") UUID id) {
        Note note = Note.findById(id);
        if (note == null) {
            throw ProblemException.notFound("Note", id);
        }
        scope.check(note.communityCode);
        return note;
    }

    @GET
    public List<Note> list(@QueryParam("area") @AreaPrefix String area) {
        var filter = scope.filter("communityCode", area);
        return Note.list(filter.query() + " order by seq", filter.params());
    }

    @ApplicationScoped
    public static class Notes {
        @Inject
        Outbox outbox;

        @Transactional
        public Note write(NewNote body) {
            Note note = new Note();
            note.id = UUID.randomUUID();
            note.communityCode = body.communityCode();
            note.text = body.text();
            note.seq = body.seq();
            note.createdAt = OffsetDateTime.now();
            note.persist();
            outbox.record("testapp.events", new NoteWritten(note.id, note.communityCode, note.seq));
            if (note.text.equals("fail-after-outbox")) {
                // proves the outbox row rolls back with the state change
                throw ProblemException.conflict("Refused", "the test asked for a failure after recording");
            }
            if (note.text.startsWith("db-error:")) {
                // PostgreSQL itself raises the error the test names, e.g. 23505 (unique violation)
                Note.getEntityManager().createNativeQuery("do $$ begin raise exception 'simulated by the test' "
                        + "using errcode = '" + note.text.substring("db-error:".length(), "db-error:".length() + 5)
                        + "'; end $$").executeUpdate();
            }
            return note;
        }
    }
}
