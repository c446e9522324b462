package com.example.hello;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.nio.charset.StandardCharsets;

/** A tiny HTTP service: GET /health for the load balancer and the container health check, GET / for people. */
public final class HelloService {
  private HelloService() {}

  /** The body of GET /: the greeting and the version the task runs (APP_VERSION from the task definition). */
  static String greeting(String version) {
    String shown = version == null || version.isBlank() ? "unknown" : version;
    return "hello from hello-service " + shown + "\n";
  }

  /** The port to listen on: PORT from the environment, else 8080. */
  static int port(String value) {
    if (value == null || value.isBlank()) {
      return 8080;
    }
    int port = Integer.parseInt(value.trim());
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("PORT must be between 1 and 65535, got " + value);
    }
    return port;
  }

  public static void main(String[] args) throws IOException, InterruptedException {
    int port = port(System.getenv("PORT"));
    if (args.length > 0 && args[0].equals("health-check")) {
      // The container health check: the image needs no curl or wget, only the JVM it already has.
      System.exit(healthy(port) ? 0 : 1);
    }
    String version = System.getenv("APP_VERSION");
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/health", exchange -> reply(exchange, 200, "ok\n"));
    server.createContext("/", exchange -> reply(exchange, 200, greeting(version)));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(1)));
    server.start();
    System.out.println("hello-service " + (version == null ? "unknown" : version) + " listening on port " + port);
  }

  private static boolean healthy(int port) throws InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).timeout(Duration.ofSeconds(2)).build();
    try {
      return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      System.err.println("health check failed: " + e);
      return false;
    }
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
