package org.frontline.platform.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import jakarta.inject.Inject;

import org.frontline.platform.testing.TestDatabase;
import org.frontline.platform.testing.TestTokens;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A body over {@code quarkus.http.limits.max-body-size} (4 MiB, platform config) is refused with 413 problem+json and
 * writes nothing, whether it announces its length (problem+json) or arrives in chunks (a bare 413); a body just under the limit is read (and
 * judged on its content). Runs on the module's shared app (testapp).
 */
@QuarkusTest
class BodyLimitTests {

    static final int LIMIT = 4 * 1024 * 1024;
    static final String TOKEN = TestTokens.token("wang", "community-worker", "310104");

    @TestHTTPResource("/api/v1/notes")
    URI notes;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    BodyLimit limit;

    @Test
    void theLimitIsTheConfiguredFourMebibytes() {
        assertThat(limit.limit()).isEqualTo(LIMIT);
    }

    @Test
    void aBodyOverTheLimitWithItsLengthIs413ProblemAndWritesNothing() throws Exception {
        TestDatabase db = new TestDatabase(dataSource);
        long before = db.count("select count(*) from note");
        HttpResponse<String> r = send(HttpRequest.BodyPublishers.ofByteArray(note(LIMIT + 1)));
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/problem+json"));
        assertThat(r.body()).contains("\"type\":\"urn:frontline:problem:too-large\"").contains("\"status\":413");
        assertThat(db.count("select count(*) from note")).isEqualTo(before);
    }

    @Test
    void aChunkedBodyThatGrowsPastTheLimitIs413AndWritesNothing() throws Exception {
        TestDatabase db = new TestDatabase(dataSource);
        long before = db.count("select count(*) from note");
        byte[] body = note(LIMIT + 64 * 1024);
        // an InputStream publisher has no known length: the body goes chunked, without Content-Length
        HttpResponse<String> r = send(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
        // cut off by Quarkus REST's reader, which answers a bare 413 itself (see BodyLimit)
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(db.count("select count(*) from note")).isEqualTo(before);
    }

    @Test
    void aBodyJustUnderTheLimitIsReadAndJudgedOnItsContent() throws Exception {
        // valid JSON, but its text is far longer than a note may be: a 400 from validation, not a 413
        HttpResponse<String> r = send(HttpRequest.BodyPublishers.ofByteArray(note(LIMIT - 1024)));
        assertThat(r.statusCode()).isEqualTo(400);
    }

    /** A note of exactly {@code size} bytes of JSON. */
    private static byte[] note(int size) {
        String head = "{\"communityCode\":\"310104012003\",\"seq\":1,\"text\":\"";
        String tail = "\"}";
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) 'x');
        System.arraycopy(head.getBytes(StandardCharsets.UTF_8), 0, body, 0, head.length());
        System.arraycopy(tail.getBytes(StandardCharsets.UTF_8), 0, body, size - tail.length(), tail.length());
        return body;
    }

    private HttpResponse<String> send(HttpRequest.BodyPublisher body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(notes).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json").POST(body).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

}
