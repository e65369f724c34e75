package trading.safety.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts Java child processes for harnesses and waits until they are ready. */
final class ChildProcesses {

    private ChildProcesses() {
    }

    static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** Starts the broker from this jar's classpath as its own process and waits for its READY line. */
    static Process kafka(Path dataDir, int port, int controllerPort, Path log) throws IOException {
        List<String> command = List.of(java(), "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "trading.safety.embedded.EmbeddedKafkaMain", dataDir.toString(), Integer.toString(port),
                Integer.toString(controllerPort));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        String line;
        while ((line = out.readLine()) != null) {
            seen.add(line);
            if (line.startsWith("READY ")) {
                drain(out, log);
                return process;
            }
        }
        Files.write(log, seen);
        throw new IllegalStateException("the broker process exited before it was ready; see " + log);
    }

    /** Starts an executable jar with arguments, its output to {@code log}. */
    static Process jar(Path jar, List<String> jvmOptions, List<String> args, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
    }

    static void stop(Process process) {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void drain(BufferedReader out, Path log) {
        Thread drainer = new Thread(() -> {
            try (var writer = Files.newBufferedWriter(log)) {
                String line;
                while ((line = out.readLine()) != null) {
                    writer.write(line);
                    writer.newLine();
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "child-output");
        drainer.setDaemon(true);
        drainer.start();
    }
}
