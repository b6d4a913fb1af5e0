package org.frontline.gateway.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.frontline.platform.testing.FrontlineTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The field app (issue 16): served at /field/ with a strict policy, its service worker carrying the app's version. */
@QuarkusTest
@FrontlineTest
class FieldAppTests {

    static final Pattern VERSION = Pattern.compile("const VERSION = '([0-9a-f]{16})';");
    static final Pattern SHELL = Pattern.compile("const SHELL = (\\[[^\\n]*\\]);");

    @Test
    void thePageIsServedWithAStrictContentSecurityPolicyAndNoInlineScript() {
        Response r = given().redirects().follow(false).when().get("/field/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/html");
        String html = r.asString();
        assertThat(html).contains("data-test=\"status\"").contains("社区排查").contains("Field screening")
                .contains("<script type=\"module\" src=\"/field/js/app.js\"></script>")
                .contains("href=\"/field/manifest.webmanifest\"");
        assertThat(Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>").matcher(html).find()).isFalse();
        assertThat(Pattern.compile("<style").matcher(html).find()).isFalse();
        assertThat(Pattern.compile("\\s(on[a-z]+|style)\\s*=", Pattern.CASE_INSENSITIVE).matcher(html).find()).isFalse();
        assertThat(html).doesNotContain("http://").doesNotContain("https://");

        String csp = r.header("Content-Security-Policy");
        assertThat(csp).isNotNull()
                .contains("default-src 'self'").contains("script-src 'self'").contains("style-src 'self'")
                .contains("connect-src 'self' " + PageTests.issuerOrigin())
                .contains("frame-ancestors 'none'").contains("object-src 'none'")
                .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval").doesNotContain("*");
        assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(r.header("Cache-Control")).isEqualTo("no-cache");
        assertThat(given().when().get("/field/index.html").header("Content-Security-Policy")).isEqualTo(csp);
        assertThat(r.header(FieldApp.VERSION_HEADER)).matches("[0-9a-f]{16}");

        Response bare = given().redirects().follow(false).when().get("/field");
        assertThat(bare.statusCode()).isEqualTo(301);
        assertThat(bare.header("Location")).isEqualTo("/field/");
    }

    @Test
    void theServiceWorkerCarriesTheAppsVersionAndTheShellAndNeverTheApi() {
        Response r = given().when().get("/field/sw.js");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/javascript");
        assertThat(r.header("Cache-Control")).isEqualTo("no-cache");
        assertThat(r.header("Content-Security-Policy")).contains("script-src 'self'");
        String sw = r.asString();
        assertThat(sw).doesNotContain(FieldApp.VERSION_PLACEHOLDER).doesNotContain(FieldApp.SHELL_PLACEHOLDER);

        Matcher v = VERSION.matcher(sw);
        assertThat(v.find()).isTrue();
        String version = v.group(1);
        assertThat(given().when().get("/field/version.json").jsonPath().getString("version")).isEqualTo(version);

        Matcher s = SHELL.matcher(sw);
        assertThat(s.find()).isTrue();
        List<String> shell = new JsonArray(s.group(1)).stream().map(String::valueOf).toList();
        assertThat(shell).contains("/field/", "/field/index.html", "/field/field.css", "/field/manifest.webmanifest",
                "/field/js/app.js", "/field/js/db.js", "/field/js/outbox.js", "/field/js/sync.js", "/field/js/auth.js",
                "/field/js/i18n.js", "/field/icons/icon-192.png", "/field/icons/icon-512.png", "/field/version.json");
        assertThat(shell).allMatch(p -> p.startsWith("/field/")).doesNotContain("/field/sw.js");
        assertThat(shell).noneMatch(p -> p.contains("/api/") || p.contains("config.json"));
        // every file of the shell is there, with this version on it, so the worker installs
        assertThat(r.header(FieldApp.VERSION_HEADER)).isEqualTo(version);
        for (String path : shell) {
            Response file = given().when().get(path);
            assertThat(file.statusCode()).as(path).isEqualTo(200);
            assertThat(file.header(FieldApp.VERSION_HEADER)).as(path).isEqualTo(version);
        }
        assertThat(given().redirects().follow(false).when().get("/field").header(FieldApp.VERSION_HEADER)).isEqualTo(version);
        // the install fetches each file itself and refuses one of another version (two gateways in a rolling update)
        // or a failed one: the install fails and the browser tries again later
        assertThat(sw).contains("cache: 'no-store'")
                .contains("response.headers.get('" + FieldApp.VERSION_HEADER + "') !== VERSION")
                .contains("if (!response.ok)")
                .doesNotContain("cache.addAll(");
        // the fetch handler lets the API, the config and anything cross-origin go to the network untouched
        assertThat(sw).contains("url.origin !== self.location.origin) return false")
                .contains("url.pathname.startsWith('/api/') || url.pathname === '/config.json') return false")
                .contains("if (!isShell(url)) return;")
                .contains("if (request.method !== 'GET') return;");
        // a new worker waits for the page's word; Background Sync: a visible page of the app sends and answers, else the worker
        assertThat(sw).contains("data.type === 'activate-update'").contains("self.skipWaiting()")
                .contains("event.tag !== 'outbox'").contains("(await askPage()) || await syncNow()")
                .contains("pathname.startsWith('/field/') && c.visibilityState === 'visible'");
        assertThat(Pattern.compile("skipWaiting\\(\\)").matcher(sw).results().count()).isEqualTo(1);
    }

    @Test
    void modulesStylesManifestAndIconsHaveTheirContentTypes() {
        for (String js : List.of("app.js", "db.js", "outbox.js", "sync.js", "auth.js", "i18n.js", "rules.js", "view.js")) {
            Response r = given().when().get("/field/js/" + js);
            assertThat(r.statusCode()).as(js).isEqualTo(200);
            assertThat(r.contentType()).as(js).startsWith("text/javascript");
            assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
        }
        Response css = given().when().get("/field/field.css");
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.contentType()).startsWith("text/css");

        Response manifest = given().when().get("/field/manifest.webmanifest");
        assertThat(manifest.statusCode()).isEqualTo(200);
        assertThat(manifest.contentType()).startsWith("application/manifest+json");
        JsonObject m = new JsonObject(manifest.asString());
        assertThat(m.getString("start_url")).isEqualTo("/field/");
        assertThat(m.getString("scope")).isEqualTo("/field/");
        assertThat(m.getString("display")).isEqualTo("standalone");
        assertThat(m.getJsonArray("icons").stream().map(i -> ((JsonObject) i).getString("sizes")).toList())
                .contains("192x192", "512x512");

        Response icon = given().when().get("/field/icons/icon-512.png");
        assertThat(icon.statusCode()).isEqualTo(200);
        assertThat(icon.contentType()).startsWith("image/png");
        byte[] png = icon.asByteArray();
        assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
        // IHDR width and height
        assertThat(java.nio.ByteBuffer.wrap(png, 16, 8).getInt()).isEqualTo(512);

        // the command-centre page and the API are not touched by the field app's headers
        assertThat(given().when().get("/config.json").header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void theVersionIsAHashOfEveryFileAndChangesWithAnyOfThem() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("index.html", "<html></html>".getBytes(StandardCharsets.UTF_8));
        files.put("js/app.js", "export {};".getBytes(StandardCharsets.UTF_8));
        files.put(FieldApp.SW_TEMPLATE, ("const VERSION = '" + FieldApp.VERSION_PLACEHOLDER + "';\nconst SHELL = "
                + FieldApp.SHELL_PLACEHOLDER + ";\n").getBytes(StandardCharsets.UTF_8));
        String version = FieldApp.version(files);
        assertThat(version).matches("[0-9a-f]{16}");
        assertThat(FieldApp.version(new LinkedHashMap<>(files))).isEqualTo(version);

        Map<String, byte[]> reordered = new LinkedHashMap<>();
        List<String> keys = new java.util.ArrayList<>(files.keySet());
        java.util.Collections.reverse(keys);
        keys.forEach(k -> reordered.put(k, files.get(k)));
        assertThat(FieldApp.version(reordered)).as("order of listing").isEqualTo(version);

        Map<String, byte[]> edited = new LinkedHashMap<>(files);
        edited.put("js/app.js", "export { };".getBytes(StandardCharsets.UTF_8));
        assertThat(FieldApp.version(edited)).isNotEqualTo(version);

        Map<String, byte[]> added = new LinkedHashMap<>(files);
        added.put("js/new.js", new byte[0]);
        assertThat(FieldApp.version(added)).isNotEqualTo(version);

        Map<String, byte[]> renamed = new LinkedHashMap<>(files);
        renamed.put("js/main.js", renamed.remove("js/app.js"));
        assertThat(FieldApp.version(renamed)).isNotEqualTo(version);

        String sw = FieldApp.serviceWorker(files, version);
        assertThat(sw).contains("const VERSION = '" + version + "';")
                .contains("const SHELL = [\"/field/\",\"/field/version.json\",\"/field/index.html\",\"/field/js/app.js\"];");
    }

    @Test
    void theAppsFilesAreReadFromTheClassPath() throws IOException {
        Map<String, byte[]> files = FieldApp.read(Thread.currentThread().getContextClassLoader());
        // exactly the files of the source directory: none left out of the version or the precache
        Path source = Path.of("src/main/resources", FieldApp.ROOT);
        Set<String> expected;
        try (Stream<Path> walk = Files.walk(source)) {
            expected = walk.filter(Files::isRegularFile).map(p -> source.relativize(p).toString().replace('\\', '/'))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertThat(expected).contains("index.html", "sw.js", "js/app.js", "js/sync.js", "icons/icon-192.png");
        assertThat(files.keySet()).isEqualTo(expected);
        String served = given().when().get("/field/sw.js").asString();
        Matcher v = VERSION.matcher(served);
        assertThat(v.find()).isTrue();
        assertThat(v.group(1)).isEqualTo(FieldApp.version(files));
    }

    @Test
    void theAppsFilesAreReadFromAJarAndAnythingElseStopsTheGateway(@TempDir Path dir) throws IOException {
        Path jar = dir.resolve("gateway 1+1 %.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String name : List.of("index.html", "sw.js", "js/app.js")) {
                out.putNextEntry(new JarEntry(FieldApp.ROOT + name));
                out.write(name.getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("META-INF/resources/index.html"));
            out.closeEntry();
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            Map<String, byte[]> files = FieldApp.read(loader);
            assertThat(files.keySet()).containsExactlyInAnyOrder("index.html", "sw.js", "js/app.js");
            assertThat(new String(files.get("js/app.js"), StandardCharsets.UTF_8)).isEqualTo("js/app.js");
        }

        ClassLoader unlistable = new ClassLoader(null) {
            @Override
            public URL getResource(String name) {
                try {
                    return new URL(null, "memory:/" + name, new URLStreamHandler() {
                        @Override
                        protected URLConnection openConnection(URL u) {
                            throw new UnsupportedOperationException();
                        }
                    });
                } catch (MalformedURLException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        assertThatThrownBy(() -> FieldApp.read(unlistable)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot list the files under " + FieldApp.ROOT);
        assertThatThrownBy(() -> FieldApp.read(new ClassLoader(null) { })).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("index.html is not on the class path");
    }
}
