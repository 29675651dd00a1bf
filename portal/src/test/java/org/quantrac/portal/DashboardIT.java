package org.quantrac.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.quantrac.core.config.DatabaseConfig;
import org.quantrac.core.kafka.TopicSetup;
import org.quantrac.core.ops.OpsServer;
import org.quantrac.core.record.v1.DeadLetter;
import org.quantrac.core.record.v1.Measurement;
import org.quantrac.core.record.v1.Observation;
import org.quantrac.core.station.StationCatalog;
import org.quantrac.core.testing.TestServices;
import org.quantrac.portal.auth.PasswordHasher;

/**
 * The dashboard, live feed and technician login end to end: real TimescaleDB, real Kafka (own topic), and Debian's
 * Chromium driven by Selenium (skipped with a message when the browser is not installed:
 * {@code portal/scripts/install-browser.sh}). Screenshots go to {@code portal/target/screenshots/}.
 */
class DashboardIT {

    private static final String PASSWORD = "tech-pass-1";
    private static final Path SHOTS = Path.of("target", "screenshots");
    private static PortalApp portal;
    private static Http http;
    private static String topic;
    private static String dlqTopic;
    private static final Instant BASE = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    private static KafkaProducer<String, byte[]> producer;
    /** Stands in for the alerting role's API: records what the portal forwards. */
    private static com.sun.net.httpserver.HttpServer alerting;
    private static final List<String> FORWARDED = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        DatabaseConfig db = PortalTestData.schema("portal_dash", false, true);
        PortalTestData.execute(db, "INSERT INTO alert (id, station_id, station_code, rule_id, parameter_id, severity, "
                + "state, source, condition_since, opened_at, open_value, limit_value) VALUES (41, 1, 'QN-AQ-01', "
                + "'pm25-24h', 1, 'WARNING', 'OPEN', 'QCVN 05:2023/BTNMT', now() - interval '2 hours', "
                + "now() - interval '1 hour', 55.5, 50)");
        Instant now = BASE;
        // the last 24 h of QN-AQ-01 every 10 minutes: PM2,5 = 30, PM10 = 60
        PortalTestData.execute(db, "INSERT INTO reading (time, station_id, parameter_id, value) "
                + "SELECT t, 1, p, CASE p WHEN 1 THEN 30 ELSE 60 END FROM generate_series(timestamptz '"
                + now.minus(Duration.ofHours(23)) + "', timestamptz '" + now.minus(Duration.ofMinutes(10))
                + "', interval '10 minutes') AS t, (VALUES (1), (2)) AS v(p)");
        // QN-AQ-02, the two hours before BASE: calibrating 30..59 min, nothing 60..79, device error 80..89
        PortalTestData.execute(db, "INSERT INTO reading (time, station_id, parameter_id, value, status) "
                + "SELECT timestamptz '" + BASE.minus(Duration.ofHours(2)) + "' + m * interval '1 minute', 2, 1, 20, "
                + "CASE WHEN m BETWEEN 30 AND 59 THEN 1 WHEN m BETWEEN 80 AND 89 THEN 2 ELSE 0 END "
                + "FROM generate_series(0, 119) AS m WHERE m NOT BETWEEN 60 AND 79");
        topic = TestServices.unique("portal_live");
        dlqTopic = TestServices.unique("portal_dlq");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestServices.kafka()))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1), new NewTopic(dlqTopic, 1, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
            TopicSetup.awaitWritable(admin, List.of(topic, dlqTopic), Duration.ofSeconds(30));
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestServices.kafka());
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        // rejected before the portal started: still shown (the feed reads the last day of dead letters)
        producer.send(new ProducerRecord<>(dlqTopic, "QN-AQ-02", DeadLetter.newBuilder().setReason("BAD_VALUE")
                .setDetail("value 'abc' of PM2,5 is not a number").setStationCode("QN-AQ-02")
                .setSourceRef("stations/QN-AQ-02/data").setReceivedMs(System.currentTimeMillis())
                .setPayload(ByteString.copyFromUtf8("{\"PM2,5\": \"abc\"}")).build().toByteArray()))
                .get(10, TimeUnit.SECONDS);
        String users = "tech:technician:" + PasswordHasher.hash(PASSWORD.toCharArray(), 1000);
        alerting = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        alerting.createContext("/api/v1/alerts/", ex -> {
            FORWARDED.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath() + " "
                    + ex.getRequestHeaders().getFirst("Authorization") + " "
                    + new String(ex.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            byte[] reply = "{\"id\":7,\"state\":\"ACKNOWLEDGED\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, reply.length);
            ex.getResponseBody().write(reply);
            ex.close();
        });
        alerting.start();
        portal = PortalApp.start(PortalTestData.config(db, Map.of("portal.live.enabled", "true",
                "portal.live.topic", topic, "portal.live.dlqTopic", dlqTopic,
                "kafka.bootstrapServers", TestServices.kafka(),
                "portal.auth.users", users,
                "portal.alerting.url", "http://127.0.0.1:" + alerting.getAddress().getPort(),
                "portal.alerting.token", "alerting-token-123")), StationCatalog.builtIn(), OpsServer.newRegistry());
        assertThat(portal.live().awaitAssigned(Duration.ofSeconds(30))).isTrue();
        http = new Http(portal.port());
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stop() {
        if (producer != null) {
            producer.close();
        }
        if (portal != null) {
            portal.close();
        }
        if (alerting != null) {
            alerting.stop(0);
        }
    }

    @Test
    void acknowledgeIsForwardedToAlertingAsTheLoggedInUser() {
        assertThat(http.post("/tech/api/alerts/7/acknowledge", "application/json", "{}").statusCode())
                .isEqualTo(401);
        String cookie = http.post("/auth/login", "application/json", "{\"user\":\"tech\",\"password\":\""
                + PASSWORD + "\"}").headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        HttpResponse<String> r = http.post("/tech/api/alerts/7/acknowledge", "application/json",
                "{\"comment\":\"sensor cleaned\"}", "Cookie", cookie);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Http.json(r).get("state").asText()).isEqualTo("ACKNOWLEDGED");
        assertThat(FORWARDED).contains("POST /api/v1/alerts/7/acknowledge Bearer alerting-token-123 "
                + "{\"by\":\"tech\",\"comment\":\"sensor cleaned\"}");
        assertThat(http.post("/tech/api/alerts/x/acknowledge", "application/json", "{}", "Cookie", cookie)
                .statusCode()).isEqualTo(400);
    }

    private static void publish(int stationId, String code, int parameterId, double value) throws Exception {
        Observation o = Observation.newBuilder().setStationId(stationId).setTimeMs(System.currentTimeMillis())
                .addMeasurements(Measurement.newBuilder().setParameterId(parameterId).setValue(value)).build();
        producer.send(new ProducerRecord<>(topic, code, o.toByteArray())).get(10, TimeUnit.SECONDS);
    }

    @Test
    void technicianApiNeedsALogin() {
        assertThat(http.get("/tech/api/health").statusCode()).isEqualTo(401);
        assertThat(http.post("/auth/login", "application/json", "{\"user\":\"tech\",\"password\":\"nope\"}")
                .statusCode()).isEqualTo(401);
        assertThat(http.post("/auth/login", "application/json", "{\"user\":\"tech' --\",\"password\":\"x\"}")
                .statusCode()).isEqualTo(401);
        HttpResponse<String> ok = http.post("/auth/login", "application/json",
                "{\"user\":\"tech\",\"password\":\"" + PASSWORD + "\"}");
        assertThat(ok.statusCode()).isEqualTo(200);
        String setCookie = ok.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).containsIgnoringCase("HttpOnly").contains("SameSite=Strict");
        String cookie = setCookie.split(";")[0];
        HttpResponse<String> health = http.get("/tech/api/health", "Cookie", cookie);
        assertThat(health.statusCode()).isEqualTo(200);
        var rows = Http.json(health).get("stations");
        assertThat(rows).hasSize(140);
        assertThat(rows.get(0).get("code").asText()).isEqualTo("QN-AQ-01");
        assertThat(rows.get(0).get("online").asBoolean()).isTrue();
        assertThat(rows.get(0).get("statusCode").asText()).isEqualTo("00");
        assertThat(rows.get(2).get("online").asBoolean()).as("QN-AQ-03 has no data").isFalse();
        http.post("/auth/logout", "application/json", "", "Cookie", cookie);
        assertThat(http.get("/tech/api/health", "Cookie", cookie).statusCode()).isEqualTo(401);
    }

    @Test
    void timelineShowsCalibrationGapDeviceErrorAndDeadLetters() {
        String cookie = http.post("/auth/login", "application/json", "{\"user\":\"tech\",\"password\":\""
                + PASSWORD + "\"}").headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        java.util.function.IntFunction<String> at = m -> BASE.minus(Duration.ofMinutes(120 - m))
                .atZone(PortalTestData.VN).format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        var t = Http.json(http.get("/tech/api/stations/QN-AQ-02/timeline?from=" + Http.q(at.apply(0))
                + "&to=" + Http.q(at.apply(120)), "Cookie", cookie));
        assertThat(t.get("events")).extracting(e -> e.get("kind").asText() + " " + e.get("from").asText() + " "
                + e.get("to").asText()).containsExactly(
                "CALIBRATION " + at.apply(30) + " " + at.apply(60),
                "GAP " + at.apply(59) + " " + at.apply(80),
                "DEVICE_ERROR " + at.apply(80) + " " + at.apply(90));
        await().atMost(Duration.ofSeconds(20)).until(() -> Http.json(http.get(
                "/tech/api/stations/QN-AQ-02/timeline", "Cookie", cookie)).get("deadLetters").size() == 1);
        var dead = Http.json(http.get("/tech/api/stations/QN-AQ-02/timeline", "Cookie", cookie))
                .get("deadLetters").get(0);
        assertThat(dead.get("reason").asText()).isEqualTo("BAD_VALUE");
        assertThat(dead.get("payloadText").asText()).isEqualTo("{\"PM2,5\": \"abc\"}");
        assertThat(http.get("/tech/api/stations/QN-AQ-02/timeline").statusCode()).isEqualTo(401);
    }

    @Test
    void serverSentEventsCarryObservationsFromKafka() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        HttpClient client = HttpClient.newHttpClient();
        var future = client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + portal.port()
                + "/live/stream")).build(), HttpResponse.BodyHandlers.ofLines())
                .thenAccept(r -> r.body().forEach(lines::add));
        await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains("retry: 3000"));
        publish(5, "QN-AQ-05", 2, 61.25);
        await().atMost(Duration.ofSeconds(20)).until(() -> lines.stream().anyMatch(l -> l.startsWith("data: ")
                && l.contains("\"station\":\"QN-AQ-05\"") && l.contains("\"parameter\":\"PM10\"")
                && l.contains("\"value\":61.25")));
        future.cancel(true);
    }

    @Test
    void browserSeesAllStationsALiveValueAChartAndLogsIn() throws Exception {
        Assumptions.assumeTrue(new File("/usr/bin/chromium").canExecute()
                        && new File("/usr/bin/chromedriver").canExecute(),
                "browser test skipped: Debian chromium and chromium-driver are not installed "
                        + "(run portal/scripts/install-browser.sh as root)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1400,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        WebDriver driver = new ChromeDriver(service, options);
        String base = "http://127.0.0.1:" + portal.port() + "/";
        try {
            driver.get(base);
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    driver.findElements(By.cssSelector("#map circle.station")).size() == 140);
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    driver.findElement(By.id("station-count")).getText().equals("140"));
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    driver.findElement(By.id("live-status")).getDomAttribute("class").contains("on"));
            // QN-AQ-01 reported 10 minutes ago: online, so not painted grey
            assertThat(driver.findElement(By.cssSelector("circle.station[data-code='QN-AQ-01']"))
                    .getDomAttribute("class")).doesNotContain("offline");
            shot(driver, "dashboard-map");

            driver.findElement(By.id("lang")).click();
            assertThat(driver.findElement(By.cssSelector("a.brand")).getText())
                    .isEqualTo("Quảng Ninh automatic environmental monitoring");

            driver.get(base + "#/station/QN-AQ-01");
            await().atMost(Duration.ofSeconds(20)).until(() -> !driver.findElements(
                    By.cssSelector("svg.chart[data-parameter='PM2,5'] polyline")).isEmpty());
            assertThat(Integer.parseInt(driver.findElement(By.cssSelector(
                    "svg.chart[data-parameter='PM2,5'] polyline")).getDomAttribute("data-points"))).isEqualTo(138);
            assertThat(driver.findElement(By.cssSelector("svg.chart[data-parameter='PM2,5'] line.limit"))
                    .getDomAttribute("data-value")).isEqualTo("50");
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    driver.findElement(By.id("live-status")).getDomAttribute("class").contains("on"));
            publish(1, "QN-AQ-01", 1, 77.7);
            await().atMost(Duration.ofSeconds(20)).until(() -> driver.findElements(
                    By.cssSelector("#latest-values td[data-parameter='PM2,5']")).stream()
                    .anyMatch(e -> e.getText().equals("77.7")));
            shot(driver, "station-chart-live");

            driver.get(base + "#/tech");
            await().atMost(Duration.ofSeconds(10)).until(() -> driver.findElement(By.id("login-form")).isDisplayed());
            driver.findElement(By.id("login-user")).sendKeys("tech");
            driver.findElement(By.id("login-password")).sendKeys(PASSWORD);
            driver.findElement(By.id("login-submit")).click();
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    driver.findElements(By.cssSelector("#health-table tbody tr")).size() == 140);
            driver.findElement(By.id("health-filter")).sendKeys("QN-AQ-01");
            assertThat(driver.findElements(By.cssSelector("#health-table tbody tr")))
                    .extracting(e -> e.getDomAttribute("data-code")).containsExactly("QN-AQ-01");
            driver.findElement(By.cssSelector("#health-table tbody tr[data-code='QN-AQ-01']")).click();
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    driver.findElement(By.id("messages")).getText().contains("## Last 24 hours"));
            shot(driver, "technician-health");

            // logged in, the map's open-alert list offers acknowledging; it goes to the alerting API as "tech"
            driver.get(base + "#/");
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    !driver.findElements(By.cssSelector("#alert-list li[data-alert='41'] button.ack")).isEmpty());
            driver.findElement(By.cssSelector("#alert-list li[data-alert='41'] button.ack")).click();
            await().atMost(Duration.ofSeconds(10)).until(() -> FORWARDED.contains(
                    "POST /api/v1/alerts/41/acknowledge Bearer alerting-token-123 {\"by\":\"tech\"}"));
            shot(driver, "dashboard-alert-acknowledged");
        } finally {
            driver.quit();
            service.stop();
        }
    }

    private static void shot(WebDriver driver, String name) throws IOException {
        File f = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
