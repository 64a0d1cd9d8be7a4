package dev.drydock.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class ServeCommandTest {
    @Test
    void helpNamesTheOptions() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(Main.run(new String[]{"serve", "--help"}, out, new ByteArrayOutputStream())).isZero();
        assertThat(out.toString()).contains("--port", "--database-url", "--public-read");
    }

    @Test
    void servesUntilStoppedThenStopsCleanly(@TempDir Path tmp) throws Exception {
        ServeCommand cmd = new ServeCommand();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        cmd.onStarted = port::complete;
        CommandLine cl = new CommandLine(cmd);
        cl.setErr(new PrintWriter(new ByteArrayOutputStream(), true));
        AtomicInteger exit = new AtomicInteger(-1);
        Thread t = new Thread(() -> exit.set(cl.execute("--port", "0", "--public-read",
                "--database-url", "jdbc:sqlite:" + tmp.resolve("drydock.db"))));
        t.start();
        int p = port.get();
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p + "/api/v1/images")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        cmd.stop.countDown();
        t.join();
        assertThat(exit.get()).isZero();
    }
}
