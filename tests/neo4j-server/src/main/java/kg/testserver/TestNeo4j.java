package kg.testserver;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.cli.AdminTool;
import org.neo4j.cli.ExecutionContext;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;

/**
 * A Neo4j server for kg's tests: the embedded database with a Bolt connector on 127.0.0.1 at a free
 * port, user neo4j with the password given. It prints {@code bolt://127.0.0.1:PORT} on a line of its
 * own once it takes connections, and stops when its standard input closes or on SIGTERM/SIGINT.
 *
 * <pre>
 * java -cp CLASSPATH kg.testserver.TestNeo4j HOME PASSWORD [PAGECACHE [PORT [IMPORT-ARGUMENT...]]]
 * </pre>
 *
 * PAGECACHE is a size such as 256m; PORT 0 (the default) takes a free one, another number lets a
 * stopped server come back at the same address. With import arguments (those of
 * {@code neo4j-admin database import full}, the database's name left out), Neo4j's own importer
 * first loads them into HOME's database {@code neo4j}, which must not exist yet; an import that
 * fails prints the importer's words and exits 3.
 */
public final class TestNeo4j {
    private TestNeo4j() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: TestNeo4j HOME PASSWORD [PAGECACHE [PORT [IMPORT-ARGUMENT...]]]");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        String password = args[1];
        String pageCache = args.length > 2 ? args[2] : "256m";
        int port = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        List<String> importArguments = args.length > 4 ? List.of(args).subList(4, args.length) : List.of();

        Path conf = home.resolve("conf");
        Files.createDirectories(conf);
        if (!Files.exists(conf.resolve("neo4j.conf"))) {
            Files.writeString(conf.resolve("neo4j.conf"), "server.memory.pagecache.size=" + pageCache + "\n");
        }
        if (!importArguments.isEmpty()) {
            List<String> command = new ArrayList<>(List.of("database", "import", "full", "neo4j"));
            command.addAll(importArguments);
            if (importArguments.stream().noneMatch(a -> a.startsWith("--report-file"))) {
                command.add("--report-file=" + home.resolve("import.report")); // not in the working folder
            }
            int code = AdminTool.execute(new ExecutionContext(home, conf), command.toArray(new String[0]));
            if (code != 0) {
                System.err.println("neo4j-admin database import full failed with exit code " + code);
                System.exit(3);
            }
        }

        if (port == 0) {
            port = freePort();
        }
        DatabaseManagementService service = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.auth_max_failed_attempts, 0) // wrong passwords lock nobody out
                .setConfig(GraphDatabaseSettings.pagecache_memory, bytes(pageCache))
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "false")
                .build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.shutdown();
            stopped.countDown();
        }));
        try {
            setPassword(service, password);
        } catch (RuntimeException failed) {
            failed.printStackTrace();
            System.exit(1); // the database's threads would keep a failed start alive
        }

        System.out.println("bolt://127.0.0.1:" + port);
        System.out.flush();
        waitForEndOfInput(System.in);
        System.exit(0); // runs the shutdown hook, which stops the database
    }

    /** Give user neo4j the password, on the first start only (a restart keeps it). */
    private static void setPassword(DatabaseManagementService service, String password) {
        var system = service.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        boolean first = system.executeTransactionally(
                "SHOW USERS YIELD user, passwordChangeRequired WHERE user = 'neo4j' RETURN passwordChangeRequired",
                Map.of(), result -> result.hasNext() && (Boolean) result.next().get("passwordChangeRequired"));
        if (first) {
            system.executeTransactionally("ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                    Map.of("password", password));
        }
    }

    /** A port nobody listens on now (the server binds it a moment later). */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    /** "256m", "1g" or a number of bytes, in bytes. */
    private static long bytes(String size) {
        String text = size.trim().toLowerCase();
        char unit = text.charAt(text.length() - 1);
        long factor = unit == 'k' ? 1L << 10 : unit == 'm' ? 1L << 20 : unit == 'g' ? 1L << 30 : 1;
        return Long.parseLong(factor == 1 ? text : text.substring(0, text.length() - 1)) * factor;
    }

    private static void waitForEndOfInput(InputStream in) {
        byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) >= 0) {
                // whatever comes is ignored: only the end of input stops the server
            }
        } catch (IOException closed) {
            // a broken pipe ends the input as well
        }
    }
}
