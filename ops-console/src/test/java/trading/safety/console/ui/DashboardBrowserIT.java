package trading.safety.console.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.util.FileSystemUtils;
import trading.safety.console.app.OpsConsoleApplication;
import trading.safety.contract.registry.SchemaRegistry;
import trading.safety.contract.serde.Decimals;
import trading.safety.contract.testing.SampleRecords;
import trading.safety.contract.topic.Topics;
import trading.safety.service.PlatformProperties;
import trading.safety.service.RealInfrastructureTest;
import trading.safety.service.testing.TopicProbe;
import trading.safety.v1.AccountRiskState;
import trading.safety.v1.BrokerRole;
import trading.safety.v1.BrokerStatus;
import trading.safety.v1.DrawdownState;

/**
 * The dashboard in a real headless Chromium against the console on a real broker and registry: it signs in
 * with a token, shows an account's drawdown state and chart and a broker whose token is about to expire, and
 * drives the global kill switch through its dialog, checked through the API. Skipped where Debian's chromium
 * and chromium-driver are not installed.
 */
@SpringBootTest(classes = OpsConsoleApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + OpsConsoleApplication.CONFIG_NAME,
            "safety.console.tokens.admin=" + DashboardBrowserIT.ADMIN,
            "safety.console.tokens.operator=" + DashboardBrowserIT.OPERATOR,
            "safety.console.tokens.viewer=" + DashboardBrowserIT.VIEWER})
class DashboardBrowserIT extends RealInfrastructureTest {

    static final String ADMIN = "admin-dashboard-token-0123456789";
    static final String OPERATOR = "operator-dashboard-token-0123456789";
    static final String VIEWER = "viewer-dashboard-token-0123456789";
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOT = Path.of("target", "dashboard.png");
    private static final String ACCOUNT = "ACC-DASH";
    private static final Duration PAGE_WAIT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path profile;
    private static WebDriver driver;

    @LocalServerPort
    private int port;

    @Autowired
    private PlatformProperties platform;

    @Autowired
    private SchemaRegistry registry;

    @BeforeAll
    static void startBrowser() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "the dashboard's browser test needs Debian's chromium and chromium-driver packages ("
                        + CHROMIUM + ", " + CHROMEDRIVER + "): apt-get install chromium chromium-driver");
        // The driver is named outright, so Selenium Manager never looks for (or downloads) one.
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        profile = Files.createTempDirectory("dashboard-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,2000", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() throws Exception {
        try {
            if (driver != null) {
                driver.quit();
            }
        } finally {
            if (profile != null) {
                FileSystemUtils.deleteRecursively(profile);
            }
        }
    }

    @Test
    void anOperatorSeesTheStateAndStopsAndResumesTradingFromThePage() throws Exception {
        publishAccountHistoryAndBrokers();

        driver.get(url("/"));
        page().until(visible("token-input")).sendKeys("not-a-known-token-0123456789");
        driver.findElement(By.id("sign-in")).click();
        page().until(d -> text(d, "error-banner").contains("token was refused"));
        assertThat(driver.findElement(By.id("login")).isDisplayed()).isTrue();

        driver.findElement(By.id("token-input")).sendKeys(OPERATOR);
        driver.findElement(By.id("sign-in")).click();

        page().until(d -> text(d, "accounts").contains(ACCOUNT));
        page().until(d -> rowText(d, "data-account", ACCOUNT).contains("HALT")
                && rowText(d, "data-account", ACCOUNT).contains("8.50 %"));
        page().until(d -> text(d, "chart-summary").startsWith("4 points"));
        page().until(d -> rowText(d, "data-broker", "paper").contains("PRIMARY"));
        WebElement expiring = driver.findElement(By.cssSelector("tr[data-broker='paper'] td.warn"));
        assertThat(expiring.getText()).startsWith("in ");
        assertThat(driver.findElements(By.cssSelector("tr[data-broker='paper-b'] td.warn"))).isEmpty();
        page().until(d -> "false".equals(d.findElement(By.id("kill-state")).getAttribute("data-active")));
        assertThat(driver.getCurrentUrl()).doesNotContain(OPERATOR);
        page().until(d -> text(d, "caller").equals("Signed in as operator (OPERATOR)"));
        assertThat(driver.findElement(By.id("activate")).isEnabled()).isTrue();

        driver.findElement(By.id("activate")).click();
        page().until(visible("reason-input"));
        new Select(driver.findElement(By.id("mode-select"))).selectByValue("CLOSE_POSITIONS");
        driver.findElement(By.id("dialog-confirm")).click();
        page().until(d -> text(d, "dialog-error").contains("reason is required"));
        assertThat(killSwitch().path("active").asBoolean()).as("an empty reason is never sent").isFalse();

        String stopReason = "browser test: stop everything";
        driver.findElement(By.id("reason-input")).sendKeys(stopReason);
        driver.findElement(By.id("dialog-confirm")).click();

        await().atMost(PAGE_WAIT).untilAsserted(() -> {
            JsonNode state = killSwitch();
            assertThat(state.path("active").asBoolean()).isTrue();
            assertThat(state.path("mode").asText()).isEqualTo("CLOSE_POSITIONS");
            assertThat(state.path("record").path("reason").asText()).isEqualTo(stopReason);
            assertThat(state.path("record").path("operator").asText()).isEqualTo("operator");
        });
        page().until(d -> "true".equals(d.findElement(By.id("kill-state")).getAttribute("data-active"))
                && text(d, "kill-state").contains("CLOSE_POSITIONS") && text(d, "kill-details").contains(stopReason));
        assertThat(text(driver, "command-result")).contains("activated").contains("operator");
        screenshot();

        String resumeReason = "browser test: all clear";
        driver.findElement(By.id("resume")).click();
        page().until(visible("reason-input")).sendKeys(resumeReason);
        driver.findElement(By.id("dialog-confirm")).click();

        await().atMost(PAGE_WAIT).untilAsserted(() -> {
            JsonNode state = killSwitch();
            assertThat(state.path("active").asBoolean()).isFalse();
            assertThat(state.path("record").path("reason").asText()).isEqualTo(resumeReason);
        });
        page().until(d -> "false".equals(d.findElement(By.id("kill-state")).getAttribute("data-active"))
                && text(d, "kill-details").contains(resumeReason));

        assertThat(scriptErrors()).as("errors the page's script raised").isEmpty();
    }

    /** Four snapshots of a falling account, the last one past the halt threshold, and two brokers. */
    private void publishAccountHistoryAndBrokers() throws Exception {
        Instant start = Instant.now().minus(Duration.ofHours(3));
        String[][] history = {{"100000", "100000", "0", "NORMAL"}, {"98000", "100000", "0.02", "NORMAL"},
            {"94500", "100000", "0.055", "NORMAL"}, {"91500", "100000", "0.085", "HALT"}};
        try (TopicProbe probe = new TopicProbe(platform.kafka().bootstrapServers(), registry)) {
            for (int i = 0; i < history.length; i++) {
                DrawdownState state = DrawdownState.valueOf(history[i][3]);
                probe.send(Topics.RISK_STATE, ACCOUNT, AccountRiskState.newBuilder(
                        SampleRecords.filled(AccountRiskState.class))
                        .setEventId("risk-" + i).setAccountId(ACCOUNT).setState(state)
                        .setEquity(Decimals.of(history[i][0])).setPeakEquity(Decimals.of(history[i][1]))
                        .setDrawdown(Decimals.of(history[i][2]))
                        .setCooldownEndsOn(state == DrawdownState.HALT ? LocalDate.now().plusDays(14) : null)
                        .setRampupEndsOn(null).setLastHealthCheck(null)
                        .setUpdatedAt(start.plus(Duration.ofHours(1).multipliedBy(i))).build());
            }
            for (Object[] broker : new Object[][] {{"paper", BrokerRole.PRIMARY, Duration.ofHours(20)},
                {"paper-b", BrokerRole.SECONDARY, Duration.ofDays(30)}}) {
                probe.send(Topics.BROKER_STATUS, (String) broker[0], BrokerStatus.newBuilder(
                        SampleRecords.filled(BrokerStatus.class))
                        .setBrokerId((String) broker[0]).setRole((BrokerRole) broker[1])
                        .setActive(broker[1] == BrokerRole.PRIMARY).setConnected(true).setPaused(false)
                        .setConsecutiveFailures(0).setLastError(null)
                        .setTokenExpiresAt(Instant.now().plus((Duration) broker[2])).setUpdatedAt(Instant.now())
                        .build());
            }
        }
        await().atMost(PAGE_WAIT).untilAsserted(() -> {
            assertThat(api("/api/v1/accounts/" + ACCOUNT + "/risk").path("history")).hasSize(history.length);
            assertThat(api("/api/v1/brokers").path("brokers")).hasSize(2);
        });
    }

    private static WebDriverWait page() {
        WebDriverWait wait = new WebDriverWait(driver, PAGE_WAIT);
        // The page redraws its tables when the data changes, so an element found a moment ago may be gone.
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    private static ExpectedCondition<WebElement> visible(String id) {
        return d -> {
            WebElement element = d.findElement(By.id(id));
            return element.isDisplayed() ? element : null;
        };
    }

    private static String text(WebDriver d, String id) {
        return d.findElement(By.id(id)).getText();
    }

    private static String rowText(WebDriver d, String attribute, String value) {
        List<WebElement> rows = d.findElements(By.cssSelector("tr[" + attribute + "='" + value + "']"));
        return rows.isEmpty() ? "" : rows.get(0).getText();
    }

    private List<String> scriptErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                // The refused sign-in is logged by the browser as a failed request, not a script error.
                .filter(message -> !message.contains("Failed to load resource")).toList();
    }

    private static void screenshot() throws Exception {
        Path taken = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.createDirectories(SCREENSHOT.getParent());
        Files.copy(taken, SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
    }

    private JsonNode killSwitch() throws Exception {
        return api("/api/v1/kill-switch");
    }

    private JsonNode api(String path) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(url(path)))
                .header("Authorization", "Bearer " + VIEWER).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(path + " -> " + answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }
}
