package io.loyaltydesk;

import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * Base of the browser tests: the whole application on a real port (its own context and embedded PostgreSQL)
 * driven by Debian's headless {@code chromium} through {@code chromedriver}. Selenium Manager is never asked
 * to download a browser or driver: both paths are given explicitly ({@code CHROME_BIN} / {@code CHROMEDRIVER},
 * or the system properties {@code chrome.bin} / {@code webdriver.chrome.driver}).
 *
 * <p>One browser serves all tests of a class; cookies are cleared before each test, so every test starts
 * logged out and in English.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT)
@ActiveProfiles("test")
// close the server and its database right after the class: they are not shared with the MockMvc tests, and
// left to the JVM's exit the embedded PostgreSQL stops before the application does (a 30 s hang)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
public abstract class BrowserTest {

    protected static final String ADMIN = "admin";
    protected static final String ADMIN_PASSWORD = "test-admin-password";

    /** The two widths every main page is looked at: a common phone and a laptop. */
    protected enum Viewport {
        PHONE(390, 844, true), DESKTOP(1366, 900, false);

        final int width;
        final int height;
        final boolean mobile;

        Viewport(int width, int height, boolean mobile) {
            this.width = width;
            this.height = height;
            this.mobile = mobile;
        }
    }

    private static final Path SCREENSHOTS = Path.of(System.getProperty("basedir", "."), "target", "screenshots");
    private static final AtomicLong UNIQUE = new AtomicLong(System.nanoTime() % 10_000_000);

    protected static ChromeDriver driver;
    private static ChromeDriverService service;
    private static Path profileDir;

    @LocalServerPort
    protected int port;

    /** When a test fails, keeps what the browser showed (screenshot and HTML) next to the other screenshots. */
    @RegisterExtension
    static final AfterTestExecutionCallback KEEP_FAILED_PAGE = context -> {
        if (context.getExecutionException().isPresent() && driver != null) {
            var name = "failed-" + context.getRequiredTestClass().getSimpleName() + "-"
                    + context.getRequiredTestMethod().getName();
            try {
                Files.createDirectories(SCREENSHOTS);
                Files.write(SCREENSHOTS.resolve(name + ".png"),
                        driver.getScreenshotAs(OutputType.BYTES));
                Files.writeString(SCREENSHOTS.resolve(name + ".html"),
                        driver.getCurrentUrl() + "\n" + driver.getPageSource());
            } catch (RuntimeException | IOException e) {
                context.getExecutionException().get().addSuppressed(e);
            }
        }
    };

    @BeforeAll
    static void startBrowser() throws IOException {
        var chrome = setting("chrome.bin", "CHROME_BIN", "/usr/bin/chromium");
        var chromedriver = setting("webdriver.chrome.driver", "CHROMEDRIVER", "/usr/bin/chromedriver");
        for (var executable : new String[] {chrome, chromedriver}) {
            if (!Files.isExecutable(Path.of(executable))) {
                // fail, never skip: a browser test that silently does not run proves nothing
                throw new IllegalStateException("The browser tests need Debian's chromium and chromedriver, but "
                        + executable + " is missing. Install them with `apt-get install chromium chromium-driver` "
                        + "(./loyaltydesk test and .ci/run do that), or point CHROME_BIN and CHROMEDRIVER at them.");
            }
        }
        profileDir = Files.createTempDirectory("loyaltydesk-chromium-");
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(chromedriver))
                .usingAnyFreePort()
                .build();
        var options = new ChromeOptions();
        options.setBinary(chrome);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--lang=en-US", "--window-size=1366,900",
                "--user-data-dir=" + profileDir.toAbsolutePath());
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US,en"));
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        try {
            if (driver != null) {
                driver.quit();
            }
        } finally {
            driver = null;
            if (service != null) {
                service.stop();
                service = null;
            }
            if (profileDir != null) {
                try (Stream<Path> files = Files.walk(profileDir)) {
                    files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
                }
                profileDir = null;
            }
        }
    }

    @BeforeEach
    void startLoggedOut() {
        viewport(Viewport.DESKTOP);
        open("/console/login");
        driver.manage().deleteAllCookies();
    }

    /**
     * Every page must live with the Content-Security-Policy: an inline {@code style=} or script the browser
     * refused is a page that looks or works differently in production than its author thought.
     */
    @AfterEach
    void nothingWasRefusedByTheContentSecurityPolicy() {
        var refused = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::getMessage)
                .filter(message -> message.contains("Content Security Policy"))
                .toList();
        assertThat(refused).as("messages about the Content-Security-Policy in the browser console").isEmpty();
    }

    private static String setting(String property, String env, String fallback) {
        var value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? fallback : value;
    }

    protected String url(String path) {
        return "http://localhost:" + port + path;
    }

    protected void open(String path) {
        driver.get(url(path));
    }

    protected static WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(10));
    }

    protected static WebElement find(String css) {
        return waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    protected static void type(String css, String text) {
        var field = find(css);
        field.clear();
        field.sendKeys(text);
    }

    /** Logs in through the real form, as a person would. */
    protected void logIn(String username, String password) {
        open("/console/login");
        type("#username", username);
        type("#password", password);
        find("form[action$='/console/login'] button[type=submit]").click();
    }

    protected void logInAsAdmin() {
        logIn(ADMIN, ADMIN_PASSWORD);
        waiting().until(ExpectedConditions.urlToBe(url("/console")));
    }

    /** Makes the page area exactly this size (as a phone or laptop would), with the page re-laid out. */
    protected static void viewport(Viewport viewport) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
                "width", viewport.width, "height", viewport.height, "deviceScaleFactor", 1,
                "mobile", viewport.mobile));
    }

    /**
     * Saves the whole page as {@code target/screenshots/<name>-phone.png} and {@code <name>-desktop.png}, for a
     * reviewer to look at; leaves the browser at desktop width.
     */
    protected static void screenshot(String name) {
        for (var viewport : Viewport.values()) {
            viewport(viewport);
            var height = ((Number) ((JavascriptExecutor) driver)
                    .executeScript("return Math.ceil(document.documentElement.scrollHeight)")).intValue();
            var shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of(
                    "format", "png", "captureBeyondViewport", true,
                    "clip", Map.of("x", 0, "y", 0, "width", viewport.width,
                            "height", Math.max(height, viewport.height), "scale", 1)));
            var file = SCREENSHOTS.resolve(name + "-" + viewport.name().toLowerCase() + ".png");
            try {
                Files.createDirectories(SCREENSHOTS);
                Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        viewport(Viewport.DESKTOP);
    }

    /** Like {@link #screenshot(String)}, with the browser asking for dark colours ({@code <name>-dark-*.png}). */
    protected static void screenshotDark(String name) {
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of(
                "features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        try {
            screenshot(name + "-dark");
        } finally {
            driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
        }
    }

    /** A number no other browser test in this JVM has used. */
    protected static long unique() {
        return UNIQUE.incrementAndGet();
    }
}
