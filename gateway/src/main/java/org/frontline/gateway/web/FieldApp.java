package org.frontline.gateway.web;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * The offline-first field app (issue 16): static ES modules under {@code META-INF/resources/field/}, served at
 * {@code /field/}. The gateway adds what a static file cannot carry: the service worker {@code /field/sw.js} with the
 * app's version (a hash of every file of the app, computed once at startup) and the list of files to precache, so
 * any change to the app is a new service worker; {@code /field/version.json} for the page; the version on every
 * {@code /field/} response ({@code X-Field-Version}: with two gateways in a rolling update, the worker precaches only
 * files of its own version); the same strict
 * Content-Security-Policy as the command-centre page; and content types browsers insist on (a module script must be
 * JavaScript, a manifest {@code application/manifest+json}).
 */
@ApplicationScoped
public class FieldApp {

    static final String ROOT = "META-INF/resources/field/";
    static final String SW_TEMPLATE = "sw.js";
    static final String VERSION_PLACEHOLDER = "__FIELD_VERSION__";
    static final String SHELL_PLACEHOLDER = "__FIELD_SHELL__";
    /** On every {@code /field/} response: the service worker refuses to precache a file of another version. */
    static final String VERSION_HEADER = "X-Field-Version";

    private final CommandCentre commandCentre;
    private final String version;
    private final String serviceWorker;

    FieldApp(CommandCentre commandCentre) {
        this.commandCentre = commandCentre;
        Map<String, byte[]> files = read(Thread.currentThread().getContextClassLoader());
        this.version = version(files);
        this.serviceWorker = serviceWorker(files, version);
    }

    public String version() {
        return version;
    }

    /** The app's version: the first 16 hex digits of SHA-256 over every file's path and content, in path order. */
    static String version(Map<String, byte[]> files) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (var e : new TreeMap<>(files).entrySet()) {
                sha.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(Long.toString(e.getValue().length).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(e.getValue());
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The service worker: the template with the version and the app shell (every file but the worker itself). */
    static String serviceWorker(Map<String, byte[]> files, String version) {
        byte[] template = files.get(SW_TEMPLATE);
        if (template == null) {
            throw new IllegalStateException("field app: " + ROOT + SW_TEMPLATE + " is missing");
        }
        JsonArray shell = new JsonArray().add("/field/").add("/field/version.json");
        new TreeMap<>(files).keySet().stream().filter(p -> !p.equals(SW_TEMPLATE)).forEach(p -> shell.add("/field/" + p));
        return new String(template, StandardCharsets.UTF_8).replace(VERSION_PLACEHOLDER, version)
                .replace(SHELL_PLACEHOLDER, shell.encode());
    }

    /**
     * Every file of the app (path below field/ → bytes), from a directory or a jar on the class path. Anything else
     * (a class loader whose resources can't be listed) stops the gateway at startup: a guessed list of files would
     * leave a new file out of the version and the precache without a word.
     */
    static Map<String, byte[]> read(ClassLoader loader) {
        Map<String, byte[]> files = new TreeMap<>();
        URL anchor = loader.getResource(ROOT + "index.html");
        if (anchor == null) {
            throw new IllegalStateException("field app: " + ROOT + "index.html is not on the class path");
        }
        try {
            if ("file".equals(anchor.getProtocol())) {
                Path dir = Path.of(anchor.toURI()).getParent();
                try (Stream<Path> walk = Files.walk(dir)) {
                    for (Path p : walk.filter(Files::isRegularFile).collect(Collectors.toList())) {
                        files.put(dir.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
                    }
                }
                return files;
            }
            String url = anchor.toString();
            int bang = url.indexOf("!/");
            if (url.startsWith("jar:file:") && bang > 0) {
                // the JDK's and Quarkus' class loaders both give jar:file:<percent-encoded path>!/<entry>
                Path jar = Path.of(new URI(url.substring("jar:".length(), bang)));
                try (JarFile jf = new JarFile(jar.toFile())) {
                    for (JarEntry e : jf.stream().collect(Collectors.toList())) {
                        if (!e.isDirectory() && e.getName().startsWith(ROOT)) {
                            try (InputStream in = jf.getInputStream(e)) {
                                files.put(e.getName().substring(ROOT.length()), in.readAllBytes());
                            }
                        }
                    }
                }
                return files;
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            throw new IllegalStateException("field app: cannot list the files under " + ROOT + " at " + anchor + ": " + e, e);
        }
        throw new IllegalStateException("field app: cannot list the files under " + ROOT + " at " + anchor
                + " (neither a directory nor a jar file); the app's version and precache list need every file");
    }

    /** The media type the field app's files need, or null to keep what the static handler chose. */
    static String contentType(String path) {
        if (path.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        if (path.endsWith(".webmanifest")) {
            return "application/manifest+json; charset=utf-8";
        }
        if (path.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        if (path.endsWith("/") || path.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        return null;
    }

    void headers(@Observes Filters filters) {
        filters.register(rc -> {
            String path = rc.normalizedPath();
            if (path.equals("/field") || path.startsWith("/field/")) {
                // every response of the app, the service worker included; no-cache so an update is seen at once
                // (the service worker keeps the offline copy)
                commandCentre.pageHeaders(rc.response()).putHeader(VERSION_HEADER, version);
                String type = contentType(path);
                if (type != null) {
                    // the static handler sets its own guess after this filter; correct it just before the headers go
                    rc.addHeadersEndHandler(v -> {
                        if (rc.response().getStatusCode() == 200) {
                            rc.response().putHeader("Content-Type", type);
                        }
                    });
                }
            }
            rc.next();
        }, 10);
    }

    void routes(@Observes Router router) {
        String versionJson = new JsonObject().put("version", version).encode();
        // a regex: Vert.x's plain path "/field" would match "/field/" too (a trailing slash is optional there)
        router.getWithRegex("/field").handler(rc -> rc.response().setStatusCode(301).putHeader("Location", "/field/").end());
        router.get("/field/sw.js").handler(rc -> rc.response()
                .putHeader("Content-Type", "text/javascript; charset=utf-8")
                .end(serviceWorker));
        router.get("/field/version.json").handler(rc -> rc.response()
                .putHeader("Content-Type", "application/json")
                .end(versionJson));
    }
}
