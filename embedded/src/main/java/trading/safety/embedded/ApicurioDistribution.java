package trading.safety.embedded;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Finds the Apicurio Registry distribution the build put into the local Maven repository and
 * unpacks it once into a directory, reusing an earlier unpack when its marker file is present.
 */
public final class ApicurioDistribution {

    private static final String MARKER = ".unpacked";

    private ApicurioDistribution() {
    }

    /** The version this build was made with. */
    public static String version() {
        try (InputStream in = ApicurioDistribution.class.getResourceAsStream("/embedded-infra.properties")) {
            Properties props = new Properties();
            props.load(in);
            return props.getProperty("apicurio.version");
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("embedded-infra.properties is missing from the classpath", e);
        }
    }

    /** The archive in the local Maven repository ({@code maven.repo.local}, else {@code ~/.m2/repository}). */
    public static Path archive() {
        String repo = System.getProperty("maven.repo.local",
                Paths.get(System.getProperty("user.home"), ".m2", "repository").toString());
        String version = version();
        Path archive = Paths.get(repo, "io", "apicurio", "apicurio-registry-app", version,
                "apicurio-registry-app-" + version + "-all.tar.gz");
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException("Apicurio Registry " + version + " is not in the local Maven repository ("
                    + archive + "); build the project once with ./mvnw install to fetch it");
        }
        return archive;
    }

    /** Unpacks the archive into {@code target} unless a complete unpack is already there; returns the runner jar. */
    public static synchronized Path unpack(Path archive, Path target) {
        try {
            if (!Files.exists(target.resolve(MARKER))) {
                Path parent = target.toAbsolutePath().getParent();
                Files.createDirectories(parent);
                Path staging = Files.createTempDirectory(parent, "apicurio-unpack");
                extract(archive, staging);
                Files.writeString(staging.resolve(MARKER), archive.toString());
                deleteRecursively(target);
                try {
                    Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    // Another process unpacked it at the same time; use theirs if it is complete.
                    deleteRecursively(staging);
                    if (!Files.exists(target.resolve(MARKER))) {
                        throw e;
                    }
                }
            }
            try (Stream<Path> files = Files.list(target)) {
                return files.filter(p -> p.getFileName().toString().endsWith("-runner.jar")
                                || p.getFileName().toString().equals("quarkus-run.jar"))
                        .findFirst()
                        .orElseThrow(() -> new IllegalStateException("no runner jar in " + target));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + archive + " into " + target + ": " + e, e);
        }
    }

    private static void extract(Path archive, Path into) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive));
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(raw))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path destination = into.resolve(entry.getName()).normalize();
                if (!destination.startsWith(into)) {
                    throw new IOException("archive entry escapes the target directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(destination);
                } else {
                    Files.createDirectories(destination.getParent());
                    Files.copy(tar, destination, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
