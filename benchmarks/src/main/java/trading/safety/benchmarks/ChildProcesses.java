package trading.safety.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        return mainClass("trading.safety.embedded.EmbeddedKafkaMain", List.of("-Xmx512m"), List.of(
                dataDir.toString(), Integer.toString(port), Integer.toString(controllerPort)), "READY ", log);
    }

    /**
     * Starts a main class from this jar's classpath as its own process and waits until it prints a line
     * starting with {@code readyPrefix}; its output goes on to {@code log}.
     */
    static Process mainClass(String mainClass, List<String> jvmOptions, List<String> args, String readyPrefix,
            Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        String line;
        while ((line = out.readLine()) != null) {
            seen.add(line);
            if (line.startsWith(readyPrefix)) {
                drain(out, seen, log);
                return process;
            }
        }
        Files.write(log, seen);
        throw new IllegalStateException(mainClass + " exited before it was ready; see " + log);
    }

    /** Starts an executable jar with arguments, its output to {@code log}. */
    static Process jar(Path jar, List<String> jvmOptions, List<String> args, Path log) throws IOException {
        return jar(jar, jvmOptions, Map.of(), args, log);
    }

    /** Starts an executable jar with environment variables added to this process's and arguments. */
    static Process jar(Path jar, List<String> jvmOptions, Map<String, String> environment, List<String> args,
            Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().putAll(environment);
        return builder.start();
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

    private static void drain(BufferedReader out, List<String> seen, Path log) {
        Thread drainer = new Thread(() -> {
            try (var writer = Files.newBufferedWriter(log)) {
                for (String earlier : seen) {
                    writer.write(earlier);
                    writer.newLine();
                }
                String line;
                while ((line = out.readLine()) != null) {
                    writer.write(line);
                    writer.newLine();
                    writer.flush(); // readable while the process runs, and whole when this JVM exits first
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "child-output");
        drainer.setDaemon(true);
        drainer.start();
    }
}
