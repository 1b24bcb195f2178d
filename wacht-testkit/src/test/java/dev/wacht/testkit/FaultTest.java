package dev.wacht.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.JsonValue;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Fault injection on /v1/authz/check; admin routes stay unaffected. */
class FaultTest {
    WachtEmulator wacht;
    Http http;
    String token;

    @BeforeEach
    void start() {
        wacht = WachtEmulator.start();
        http = new Http(wacht);
        token = wacht.mintToken("s").accessToken();
    }

    @AfterEach
    void stop() {
        wacht.close();
    }

    private HttpRequest checkRequest(Duration timeout) {
        return HttpRequest.newBuilder(wacht.baseUrl().resolve("/v1/authz/check"))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Http.checkBody("oauth_access_token", token, "/r", "GET")))
                .build();
    }

    private void assertHealthyAgain() {
        HttpResponse<String> r = http.checkToken(token);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Http.obj(r).getBoolean("allowed")).isTrue();
    }

    @Test
    void statusFault() {
        wacht.setFault(Fault.status(503));
        HttpResponse<String> r = http.checkToken(token);
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).isNotBlank().hasSizeLessThan(200);
        assertThat(http.checkToken(token).statusCode()).isEqualTo(503);
        assertThat(http.send("GET", "/health", null, null).statusCode()).isEqualTo(200);
        assertThat(http.admin("GET", "/checks", null).statusCode()).isEqualTo(200);
        wacht.clearFault();
        assertHealthyAgain();
        assertThat(wacht.checks()).extracting(RecordedCheck::fault).containsExactly("status", "status", null);
        assertThat(wacht.checks()).extracting(RecordedCheck::status).containsExactly(503, 503, 200);
    }

    @Test
    void timesLimitsTheFaultToTheNextChecks() {
        wacht.setFault(Fault.status(500).times(2));
        assertThat(http.checkToken(token).statusCode()).isEqualTo(500);
        assertThat(http.checkToken(token).statusCode()).isEqualTo(500);
        assertHealthyAgain();
        assertHealthyAgain();
    }

    @Test
    void delayAnswersNormallyAfterwards() throws Exception {
        wacht.setFault(Fault.delay(Duration.ofMillis(2000)));
        HttpClient client = HttpClient.newHttpClient();
        // A client with a short timeout gives up ...
        assertThatThrownBy(() -> client.send(checkRequest(Duration.ofMillis(250)), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
        // ... a patient one gets the normal answer.
        HttpResponse<String> r = client.send(checkRequest(Duration.ofSeconds(30)), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Http.obj(r).getBoolean("allowed")).isTrue();
    }

    @Test
    void dropClosesTheConnectionWithoutAResponse() {
        wacht.setFault(Fault.drop().times(1));
        assertThatThrownBy(() -> Http.CLIENT.send(checkRequest(Duration.ofSeconds(30)),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
        assertHealthyAgain();
        assertThat(wacht.checks().get(0).status()).isZero();
        assertThat(wacht.checks().get(0).fault()).isEqualTo("drop");
    }

    @Test
    void garbageIsNotJson() {
        wacht.setFault(Fault.garbage());
        HttpResponse<String> r = http.checkToken(token);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> Http.parse(r.body())).isInstanceOf(RuntimeException.class);
    }

    @Test
    void hangNeverAnswersUntilCleared() throws Exception {
        wacht.setFault(Fault.hang());
        HttpClient client = HttpClient.newHttpClient();
        assertThatThrownBy(() -> client.send(checkRequest(Duration.ofMillis(300)), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
        CompletableFuture<HttpResponse<String>> pending = client.sendAsync(checkRequest(Duration.ofSeconds(60)),
                HttpResponse.BodyHandlers.ofString());
        // Admin routes keep working while checks hang.
        assertThat(http.admin("GET", "/faults", null).body()).contains("\"hang\"");
        waitForChecks(2);
        wacht.clearFault();
        // The released check is answered by a closed connection.
        assertThatThrownBy(() -> pending.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class);
        assertHealthyAgain();
    }

    @Test
    void closeReleasesHangingChecks() throws Exception {
        wacht.setFault(Fault.hang());
        CompletableFuture<HttpResponse<String>> pending = HttpClient.newHttpClient()
                .sendAsync(checkRequest(Duration.ofSeconds(60)), HttpResponse.BodyHandlers.ofString());
        waitForChecks(1);
        wacht.close();
        assertThatThrownBy(() -> pending.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class);
    }

    @Test
    void truncateCutsTheRealBodyInHalf() {
        String full = http.checkToken(token).body();
        wacht.setFault(Fault.truncate());
        HttpResponse<String> r = http.checkToken(token);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(r.body()).hasSize(full.length() / 2).startsWith("{\"request_id\":\"req_");
        assertThatThrownBy(() -> Http.parse(r.body())).isInstanceOf(RuntimeException.class);
    }

    @Test
    void oversizeSendsTenMebibytes() throws Exception {
        wacht.setFault(Fault.oversize());
        HttpResponse<byte[]> r = Http.CLIENT.send(checkRequest(Duration.ofSeconds(60)),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(r.body()).hasSize(10 * 1024 * 1024);
    }

    @Test
    void contentTypeLabelsTheRealBodyAsHtml() {
        wacht.setFault(Fault.contentType());
        HttpResponse<String> r = http.checkToken(token);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/html"));
        assertThat(Http.obj(r).getBoolean("allowed")).isTrue();
    }

    @Test
    void wrongShapeIsValidJsonOfAnotherShape() {
        wacht.setFault(Fault.wrongShape());
        HttpResponse<String> r = http.checkToken(token);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Http.obj(r).getString("allowed")).isEqualTo("yes");
        wacht.setFault(Fault.wrongShape("[]"));
        assertThat(Http.parse(http.checkToken(token).body())).isEqualTo(JsonValue.EMPTY_JSON_ARRAY);
    }

    @Test
    void faultsViaTheAdminApi() {
        assertThat(http.admin("POST", "/faults", "{\"mode\":\"status\",\"status\":502,\"times\":1}").statusCode())
                .isEqualTo(200);
        assertThat(http.checkToken(token).statusCode()).isEqualTo(502);
        assertHealthyAgain();
        http.admin("POST", "/faults", "{\"mode\":\"wrong_shape\",\"body\":{\"allowed\":1}}");
        assertThat(Http.obj(http.checkToken(token)).getInt("allowed")).isEqualTo(1);
        http.admin("POST", "/faults", "{\"mode\":\"none\"}");
        assertHealthyAgain();
        http.admin("POST", "/faults", "{\"mode\":\"status\"}");
        assertThat(http.checkToken(token).statusCode()).isEqualTo(500);
        http.admin("DELETE", "/faults", null);
        assertHealthyAgain();
        assertThat(http.admin("POST", "/faults", "{\"mode\":\"explode\"}").statusCode()).isEqualTo(400);
        assertThat(http.admin("POST", "/faults", "{\"mode\":\"status\",\"status\":99}").statusCode()).isEqualTo(400);
        assertThat(http.admin("POST", "/faults", "{\"mode\":\"hang\",\"times\":0}").statusCode()).isEqualTo(400);
        http.admin("POST", "/faults", "{\"mode\":\"hang\"}");
        assertThat(http.admin("POST", "/reset", null).statusCode()).isEqualTo(200);
        assertThat(wacht.fault()).isEqualTo(Fault.none());
    }

    private void waitForChecks(int n) throws InterruptedException {
        for (int i = 0; i < 3000 && wacht.checks().size() < n; i++) {
            Thread.sleep(10);
        }
        assertThat(wacht.checks()).hasSizeGreaterThanOrEqualTo(n);
    }

    @Test
    void faultValueType() {
        assertThat(Fault.status(503).times(2)).isEqualTo(Fault.status(503).times(2));
        assertThat(Fault.delay(Duration.ofSeconds(1)).delay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(Fault.Mode.fromWireName("content_type")).isEqualTo(Fault.Mode.CONTENT_TYPE);
        assertThatThrownBy(() -> Fault.status(42)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fault.drop().times(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fault.wrongShape("{not json")).isInstanceOf(RuntimeException.class);
        assertThat(URI.create(wacht.baseUrl().toString()).getHost()).isEqualTo("127.0.0.1");
    }
}
